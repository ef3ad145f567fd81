package com.clinicbilling.worker.intake;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.clinicbilling.schemas.CreateInvoiceRules;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * What the worker tells operators: commands processed by outcome, the latency from acceptance at
 * the edge to the committed outcome, batch sizes, transaction time, dead letters. Connection pool
 * (Hikari) and consumer lag meters come from their libraries.
 */
@Component
class IntakeMetrics {

	private final MeterRegistry registry;

	private final Clock clock;

	private final Timer acceptedToCommitted;

	private final DistributionSummary batchSize;

	private final Timer transaction;

	private final Counter deadLetters;

	private final Counter unprocessable;

	private final Counter stuckRetries;

	private final AtomicReference<String> lastFailure = new AtomicReference<>();

	IntakeMetrics(MeterRegistry registry, Clock clock) {
		this.registry = registry;
		this.clock = clock;
		this.acceptedToCommitted = Timer.builder("invoice.command.latency")
			.description("From acceptance by the gateway to the committed outcome")
			.publishPercentileHistogram()
			.maximumExpectedValue(Duration.ofMinutes(5))
			.register(registry);
		this.batchSize = DistributionSummary.builder("invoice.batch.size")
			.description("Commands per poll and per transaction")
			.register(registry);
		this.transaction = Timer.builder("invoice.batch.transaction")
			.description("Time of one batch's database transaction")
			.publishPercentileHistogram()
			.register(registry);
		this.deadLetters = counter("invoice.dead.letters", "Records sent to the dead-letter topic");
		this.unprocessable = counter("invoice.commands.unprocessable",
				"Commands the database refused, recorded REJECTED with unprocessable_command");
		this.stuckRetries = counter("invoice.batch.retries.stuck",
				"Batches failing longer than stuck-retry-after for a reason no rule classifies");
	}

	private Counter counter(String name, String description) {
		return Counter.builder(name).description(description).register(this.registry);
	}

	Timer transaction() {
		return this.transaction;
	}

	void committed(List<RequestStatus> statuses) {
		this.batchSize.record(statuses.size());
		this.lastFailure.set(null);
		for (RequestStatus status : statuses) {
			processed(status.getState()).increment();
			// A command of another producer may say it was accepted in year -292 million (and is
			// rejected for it): its latency would overflow the timer's nanoseconds.
			if (status.getAcceptedAt() != null && CreateInvoiceRules.isWithinInstantRange(status.getAcceptedAt())) {
				this.acceptedToCommitted.record(Duration.between(status.getAcceptedAt(), this.clock.instant()));
			}
		}
	}

	void batchFailed(RuntimeException failure) {
		this.lastFailure.set(failure.getClass().getSimpleName() + ": " + failure.getMessage());
	}

	void unprocessable() {
		this.unprocessable.increment();
	}

	void stuckRetry() {
		this.stuckRetries.increment();
	}

	void deadLettered() {
		this.deadLetters.increment();
	}

	/** Why the last batch failed, or null when the last one committed. */
	String lastFailure() {
		return this.lastFailure.get();
	}

	private Counter processed(RequestState outcome) {
		return Counter.builder("invoice.commands.processed")
			.description("Commands processed, by outcome")
			.tag("outcome", outcome.name())
			.register(this.registry);
	}

}
