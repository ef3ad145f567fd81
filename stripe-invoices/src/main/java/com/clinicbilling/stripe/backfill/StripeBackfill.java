package com.clinicbilling.stripe.backfill;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.clinicbilling.stripe.Pacer;
import com.clinicbilling.stripe.StripeInvoiceCommands;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backfill command-line tool: paid Stripe invoices of a date range become CreateInvoice commands,
 * exactly as {@code invoice.paid} webhooks would have made them. {@code --help} lists the options;
 * see the README. Exit status 0 when the range is done, 1 when it stopped (resume by running it
 * again), 2 for wrong options.
 */
public final class StripeBackfill {

	private static final Logger logger = LoggerFactory.getLogger(StripeBackfill.class);

	private StripeBackfill() {
	}

	public static void main(String[] args) {
		System.exit(run(List.of(args), System.getenv()));
	}

	/** The whole run, without exiting: the exit status. */
	public static int run(List<String> args, Map<String, String> env) {
		if (args.contains("--help") || args.contains("-h")) {
			BackfillOptions.commandLine().usage(System.out);
			return 0;
		}
		BackfillOptions options;
		try {
			options = BackfillOptions.parse(args, env);
		}
		catch (IllegalArgumentException ex) {
			logger.error("{}\n{}", ex.getMessage(), BackfillOptions.commandLine().getUsageMessage());
			return 2;
		}
		try {
			Checkpoint checkpoint = Checkpoint.load(options.checkpoint())
				.orElseGet(() -> Checkpoint.start(options.from(), options.to()));
			if (!checkpoint.covers(options.from(), options.to())) {
				logger.error("{} is the checkpoint of another range ({} to {}); pass another --checkpoint or delete it",
						options.checkpoint(), checkpoint.from(), checkpoint.to());
				return 2;
			}
			logger.info("Backfilling paid Stripe invoices created from {} to {} at {} commands/s", options.from(),
					options.to(), options.rate());
			StripeClient stripe = StripeClient.builder()
				.setApiKey(options.apiKey())
				.setApiBase(options.apiBase())
				.setMaxNetworkRetries(3)
				.build();
			try (CommandSink sink = new KafkaCommandSink(options.kafka(), options.maxLag(), options.workerGroup())) {
				new Backfill(stripe, sink, new StripeInvoiceCommands(options.clinics()), new Pacer(options.rate()),
						Clock.systemUTC())
					.run(checkpoint, options.pageSize(), options.checkpoint());
			}
			return 0;
		}
		catch (StripeException | IOException | RuntimeException ex) {
			logger.error("Backfill stopped; run the same command again to resume from {}", options.checkpoint(), ex);
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("Backfill interrupted; run the same command again to resume from {}", options.checkpoint());
			return 1;
		}
	}

}
