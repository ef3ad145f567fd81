package com.clinicbilling.worker.stripe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.clinicbilling.worker.stripe.StripeInvoiceStore.Backlog;
import com.stripe.exception.StripeException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Stripe stage does, for the runbook's "Stripe stage behind" alert:
 * <ul>
 * <li>{@code invoice.stripe.calls{operation, outcome}} (a timer): every request to Stripe, with the
 * outcome {@code ok}, {@code retried} (transient: retried with back-off) or {@code refused} (the
 * invoice is REJECTED);</li>
 * <li>{@code invoice.stripe.backlog{phase}}: invoices recorded for Stripe and not yet CREATED or
 * REJECTED ({@code PENDING}, {@code DRAFT}), and {@code invoice.stripe.backlog.oldest.seconds}, the age
 * of the oldest of them. Read every {@code backlogCheckInterval} on a thread of its own from the
 * stage's own pool, so a scrape never waits for the database and never takes a consumer's connection.</li>
 * </ul>
 * The lag of its consumer group ({@value StripeSyncListener#GROUP_ID}) is Kafka's client metric
 * {@code kafka.consumer.fetch.manager.records.lag}, on the same registry.
 */
class StripeMetrics implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(StripeMetrics.class);

	/** One Stripe request. */
	@FunctionalInterface
	interface StripeCall<T> {

		T call() throws StripeException, InterruptedException;

	}

	private final MeterRegistry registry;

	private final Clock clock;

	private volatile Backlog backlog = new Backlog(0, 0, null);

	private ScheduledExecutorService scheduler;

	StripeMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
		Gauge.builder("invoice.stripe.backlog", this, (m) -> m.backlog.pending())
			.tag("phase", "PENDING")
			.description("Invoices recorded for Stripe with nothing on Stripe yet")
			.register(registry);
		Gauge.builder("invoice.stripe.backlog", this, (m) -> m.backlog.draft())
			.tag("phase", "DRAFT")
			.description("Invoices whose Stripe draft exists but is not finalized yet")
			.register(registry);
		Gauge.builder("invoice.stripe.backlog.oldest", this, StripeMetrics::oldestSeconds)
			.baseUnit("seconds")
			.description("Age of the oldest invoice not yet CREATED or REJECTED on Stripe; 0 when there is none")
			.register(registry);
	}

	<T> T record(String operation, StripeCall<T> call) throws StripeException, InterruptedException {
		Timer.Sample sample = Timer.start(this.registry);
		String outcome = "ok";
		try {
			return call.call();
		}
		catch (StripeException ex) {
			outcome = StripeFailure.of(ex).isTransient() ? "retried" : "refused";
			throw ex;
		}
		catch (InterruptedException | RuntimeException ex) {
			outcome = "retried";
			throw ex;
		}
		finally {
			sample.stop(Timer.builder("invoice.stripe.calls")
				.description("Requests to Stripe by operation and outcome")
				.tag("operation", operation)
				.tag("outcome", outcome)
				.register(this.registry));
		}
	}

	/** Reads the backlog now and then every {@code interval} until {@link #close()}. */
	synchronized void start(StripeInvoiceStore store, Duration interval) {
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "stripe-backlog");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.scheduleWithFixedDelay(() -> refresh(store), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void close() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	private void refresh(StripeInvoiceStore store) {
		try {
			this.backlog = store.backlog();
		}
		catch (RuntimeException ex) {
			// The last value stays; a database outage shows in the worker's intake health and logs.
			logger.debug("Could not read the Stripe backlog: {}", ex.toString());
		}
	}

	private double oldestSeconds() {
		Instant oldest = this.backlog.oldest();
		return (oldest != null) ? Math.max(0, Duration.between(oldest, this.clock.instant()).toMillis() / 1000.0) : 0;
	}

}
