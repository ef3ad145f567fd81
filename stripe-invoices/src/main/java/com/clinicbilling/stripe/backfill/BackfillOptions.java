package com.clinicbilling.stripe.backfill;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.clinicbilling.schemas.KafkaClientSettings;
import com.clinicbilling.schemas.KafkaOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

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
 * @param maxLag the most commands waiting in the bulk lane before the next page is published (0: no
 * ceiling)
 * @param workerGroup the workers' consumer group, whose committed offsets give the bulk lane's backlog
 */
record BackfillOptions(Instant from, Instant to, Path checkpoint, double rate, int pageSize, KafkaClientSettings kafka,
		String apiKey, String apiBase, Set<Long> clinics, long maxLag, String workerGroup) {

	BackfillOptions {
		clinics = Set.copyOf(clinics);
	}

	@Override
	public String toString() {
		// Never print the key.
		return ("BackfillOptions[from=%s, to=%s, checkpoint=%s, rate=%s, pageSize=%d, kafka=%s, apiBase=%s, clinics=%s,"
				+ " maxLag=%d, workerGroup=%s]")
			.formatted(this.from, this.to, this.checkpoint, this.rate, this.pageSize, this.kafka, this.apiBase,
					this.clinics, this.maxLag, this.workerGroup);
	}

	@Command(name = "stripe-backfill", sortOptions = false, usageHelpAutoWidth = true,
			description = "Paid Stripe invoices created in a range become CreateInvoice commands, as invoice.paid "
					+ "webhooks would have made them. STRIPE_API_KEY must be set in the environment.")
	static final class Arguments {

		@Option(names = "--from", required = true, converter = DateOrInstant.class,
				description = "first creation time of the invoices to backfill, e.g. 2026-01-01 or 2026-01-01T00:00:00Z")
		Instant from;

		@Option(names = "--to", required = true, converter = DateOrInstant.class,
				description = "end of the range, exclusive")
		Instant to;

		@Option(names = "--checkpoint", defaultValue = "stripe-backfill.checkpoint",
				description = "progress file to resume from (default ${DEFAULT-VALUE})")
		Path checkpoint;

		@Option(names = "--rate", defaultValue = "20", description = "commands per second at most (default ${DEFAULT-VALUE})")
		double rate;

		@Option(names = "--max-lag", defaultValue = "20000",
				description = "publish the next page only while at most this many commands wait in the bulk lane "
						+ "(invoice.commands.bulk) for the workers; 0: no ceiling (default ${DEFAULT-VALUE})")
		long maxLag;

		@Option(names = "--worker-group", defaultValue = "invoice-worker",
				description = "the workers' consumer group, for the bulk lane's backlog (default ${DEFAULT-VALUE})")
		String workerGroup;

		@Option(names = "--page-size", defaultValue = "100",
				description = "invoices per Stripe page and per Kafka transaction, 1-100 (default ${DEFAULT-VALUE})")
		int pageSize;

		@Mixin
		KafkaOptions kafka;

		@Option(names = "--clinics", split = "\\s*,\\s*", description = "only these clinics, comma-separated (default: every clinic)")
		List<Long> clinics = new ArrayList<>();

		@Option(names = "--api-base", defaultValue = "https://api.stripe.com",
				description = "Stripe API address (default ${DEFAULT-VALUE})")
		String apiBase;

		@Option(names = { "-h", "--help" }, usageHelp = true, description = "this help")
		boolean help;

	}

	/** A date (midnight UTC) or an instant. */
	static final class DateOrInstant implements ITypeConverter<Instant> {

		@Override
		public Instant convert(String value) {
			return (value.length() == 10) ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
					: Instant.parse(value);
		}

	}

	static CommandLine commandLine() {
		return new CommandLine(new Arguments());
	}

	/** @throws IllegalArgumentException naming the option that is missing or wrong */
	static BackfillOptions parse(List<String> args, Map<String, String> env) {
		Arguments arguments = new Arguments();
		try {
			new CommandLine(arguments).parseArgs(args.toArray(String[]::new));
		}
		catch (ParameterException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
		if (!arguments.from.isBefore(arguments.to)) {
			throw new IllegalArgumentException("--to must be after --from");
		}
		if (!(arguments.rate > 0)) {
			throw new IllegalArgumentException("--rate must be positive");
		}
		if (arguments.maxLag < 0) {
			throw new IllegalArgumentException("--max-lag must be 0 (no ceiling) or positive");
		}
		if (arguments.pageSize < 1 || arguments.pageSize > 100) {
			throw new IllegalArgumentException("--page-size must be between 1 and 100");
		}
		String apiKey = env.get("STRIPE_API_KEY");
		if (apiKey == null || apiKey.isBlank()) {
			throw new IllegalArgumentException("STRIPE_API_KEY must be set in the environment");
		}
		return new BackfillOptions(arguments.from, arguments.to, arguments.checkpoint, arguments.rate,
				arguments.pageSize, arguments.kafka.settings(env), apiKey, arguments.apiBase, Set.copyOf(arguments.clinics),
				arguments.maxLag, arguments.workerGroup);
	}

}
