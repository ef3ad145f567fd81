package com.clinicbilling.worker.intake;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.testing.ManualClock;
import com.clinicbilling.worker.system.WorkerProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.UncategorizedSQLException;

import static org.assertj.core.api.Assertions.assertThat;

class StuckRetriesTest {

	private final ManualClock clock = new ManualClock(Instant.now());

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final StuckRetries retries = new StuckRetries(this.clock,
			new WorkerProperties(2, 500, Duration.ofMillis(20), 6, (short) 1, Duration.ofMinutes(5),
					Duration.ofMinutes(2), Set.of(), Duration.ofMillis(200), Duration.ofSeconds(30),
					Duration.ofMinutes(2), Duration.ofMinutes(2), Duration.ofSeconds(15)),
			new IntakeMetrics(this.registry, this.clock));

	private final List<CreateInvoice> batch = List.of(command("a"), command("b"));

	@Test
	void countsABatchFailingForAnUnknownReasonOnceItHasFailedTwoMinutes() {
		RuntimeException bug = new IllegalStateException("no rule knows this");
		this.retries.failed(this.batch, bug);
		this.clock.advance(Duration.ofSeconds(119));
		this.retries.failed(this.batch, bug);
		assertThat(stuck()).isZero();

		this.clock.advance(Duration.ofSeconds(1));
		this.retries.failed(this.batch, bug);
		this.clock.advance(Duration.ofMinutes(5));
		this.retries.failed(this.batch, bug);

		assertThat(stuck()).isEqualTo(1);
	}

	@Test
	void neverCountsATransientFailureHoweverLongItLasts() {
		RuntimeException outage = new UncategorizedSQLException("select", "select 1", new SQLException("gone", "08006"));
		this.retries.failed(this.batch, outage);
		this.clock.advance(Duration.ofMinutes(30));
		this.retries.failed(this.batch, outage);

		assertThat(stuck()).isZero();
	}

	@Test
	void startsOverAfterASuccess() {
		RuntimeException bug = new IllegalStateException("no rule knows this");
		this.retries.failed(this.batch, bug);
		this.clock.advance(Duration.ofMinutes(1));
		this.retries.succeeded();
		this.retries.failed(this.batch, bug);
		this.clock.advance(Duration.ofMinutes(1));
		this.retries.failed(this.batch, bug);

		assertThat(stuck()).isZero();
	}

	private double stuck() {
		return this.registry.counter("invoice.batch.retries.stuck").count();
	}

	private static CreateInvoice command(String requestId) {
		CreateInvoice command = new CreateInvoice();
		command.setRequestId(requestId);
		return command;
	}

}
