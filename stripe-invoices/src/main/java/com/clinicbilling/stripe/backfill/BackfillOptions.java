package com.clinicbilling.stripe.backfill;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.clinicbilling.schemas.KafkaClientSettings;

/**
 * The tool's settings, checked as a whole; every error names the option to fix.
 *
 * @param from first creation time to backfill (Stripe's {@code created[gte]})
 * @param to end of the range, exclusive ({@code created[lt]})
 * @param checkpoint file recording how far the range got, to resume from
 * @param rate commands published per second at most
 * @param pageSize invoices per Stripe list request, and per Kafka transaction (1-100)
 * @param kafka bootstrap servers and the client properties of a secured cluster
 * @param apiKey Stripe secret key, from {@code STRIPE_API_KEY} only (never a command-line argument,
 * where every user of the machine can read it)
 * @param apiBase Stripe's API address; another one only for a stub
 * @param clinics clinics to backfill; empty: every clinic an invoice names
 */
record BackfillOptions(Instant from, Instant to, Path checkpoint, double rate, int pageSize, KafkaClientSettings kafka,
		String apiKey, String apiBase, Set<Long> clinics) {

	static final String USAGE = """
			Usage: STRIPE_API_KEY=sk_... java -jar stripe-invoices/target/stripe-invoices-cli.jar --from <date|instant> --to <date|instant> [options]
			  --from        first creation time of the invoices to backfill, e.g. 2026-01-01 or 2026-01-01T00:00:00Z
			  --to          end of the range, exclusive
			  --checkpoint  progress file to resume from (default stripe-backfill.checkpoint)
			  --rate        commands per second at most (default 20)
			  --page-size   invoices per Stripe page and per Kafka transaction, 1-100 (default 100)
			  --kafka       Kafka bootstrap servers (default $INVOICE_KAFKA_BOOTSTRAP or 127.0.0.1:19092)
			  --kafka-config  Kafka client properties file for a secured cluster: security.protocol, sasl.*, ssl.* (default $INVOICE_KAFKA_CONFIG)
			  --clinics     only these clinics, comma-separated (default: every clinic)
			  --api-base    Stripe API address (default https://api.stripe.com)""";

	private static final List<String> NAMES = List.of("from", "to", "checkpoint", "rate", "page-size", "kafka", "kafka-config",
			"clinics", "api-base");

	BackfillOptions {
		clinics = Set.copyOf(clinics);
	}

	@Override
	public String toString() {
		// Never print the key.
		return "BackfillOptions[from=%s, to=%s, checkpoint=%s, rate=%s, pageSize=%d, kafka=%s, apiBase=%s, clinics=%s]"
			.formatted(this.from, this.to, this.checkpoint, this.rate, this.pageSize, this.kafka, this.apiBase,
					this.clinics);
	}

	/** @throws IllegalArgumentException naming the option that is missing or wrong */
	static BackfillOptions parse(List<String> args, Map<String, String> env) {
		Map<String, String> values = values(args);
		Instant from = instant(values, "from");
		Instant to = instant(values, "to");
		if (!from.isBefore(to)) {
			throw new IllegalArgumentException("--to must be after --from");
		}
		double rate = number(values, "rate", "20");
		if (!(rate > 0)) {
			throw new IllegalArgumentException("--rate must be positive");
		}
		int pageSize = (int) number(values, "page-size", "100");
		if (pageSize < 1 || pageSize > 100) {
			throw new IllegalArgumentException("--page-size must be between 1 and 100");
		}
		String apiKey = env.get("STRIPE_API_KEY");
		if (apiKey == null || apiKey.isBlank()) {
			throw new IllegalArgumentException("STRIPE_API_KEY must be set in the environment");
		}
		return new BackfillOptions(from, to, Path.of(values.getOrDefault("checkpoint", "stripe-backfill.checkpoint")),
				rate, pageSize,
				KafkaClientSettings.of(values.get("kafka"), values.get("kafka-config"), env), apiKey,
				values.getOrDefault("api-base", "https://api.stripe.com"), clinics(values));
	}

	private static Map<String, String> values(List<String> args) {
		Map<String, String> values = new HashMap<>();
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Unexpected argument '" + arg + "'");
			}
			int equals = arg.indexOf('=');
			String name = arg.substring(2, (equals > 0) ? equals : arg.length());
			if (!NAMES.contains(name)) {
				throw new IllegalArgumentException("Unknown option --" + name);
			}
			if (equals < 0 && i + 1 >= args.size()) {
				throw new IllegalArgumentException("--" + name + " needs a value");
			}
			values.put(name, (equals > 0) ? arg.substring(equals + 1) : args.get(++i));
		}
		return values;
	}

	private static Instant instant(Map<String, String> values, String name) {
		String value = values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		try {
			return (value.length() == 10) ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
					: Instant.parse(value);
		}
		catch (DateTimeParseException ex) {
			throw new IllegalArgumentException("--" + name + " must be a date (2026-01-31) or an instant (2026-01-31T00:00:00Z)");
		}
	}

	private static double number(Map<String, String> values, String name, String otherwise) {
		try {
			return Double.parseDouble(values.getOrDefault(name, otherwise));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a number");
		}
	}

	private static Set<Long> clinics(Map<String, String> values) {
		Set<Long> clinics = new LinkedHashSet<>();
		String list = values.getOrDefault("clinics", "");
		for (String clinic : list.isBlank() ? new String[0] : list.split(",")) {
			try {
				clinics.add(Long.parseLong(clinic.strip()));
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("--clinics must be comma-separated clinic ids, not " + Arrays.toString(list.split(",")));
			}
		}
		return clinics;
	}

}
