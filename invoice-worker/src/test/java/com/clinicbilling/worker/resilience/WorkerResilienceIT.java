package com.clinicbilling.worker.resilience;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.worker.KafkaTestClient;
import com.clinicbilling.worker.TestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The invariants of docs/architecture.md when things break: a killed worker, a database outage, a rebalance, a
 * flood of commands. Real broker, real PostgreSQL, workers as they run in production.
 */
class WorkerResilienceIT {

	private static final Logger logger = LoggerFactory.getLogger(WorkerResilienceIT.class);

	private static final Duration LOAD_TIMEOUT = Duration.ofMinutes(3);

	@TempDir
	static Path dir;

	private static WorkerFixture fixture;

	private static KafkaTestClient kafka;

	private static JdbcTemplate jdbc;

	@BeforeAll
	static void start() throws Exception {
		fixture = new WorkerFixture(dir.resolve("postgres"));
		kafka = new KafkaTestClient(fixture.bootstrapServers());
		jdbc = new JdbcTemplate(new DriverManagerDataSource(fixture.jdbcUrl(), "postgres", "postgres"));
		// A worker's start migrates the schema, so every test can make its clinic before its workers start.
		fixture.startWorker(1).close();
	}

	@AfterAll
	static void stop() throws Exception {
		kafka.close();
		fixture.close();
	}

	@Test
	void neverHoldsMoreConnectionsThanThePoolWhileDrainingTenThousandCommands() throws Exception {
		TestData data = TestData.newClinic(jdbc);
		List<CreateInvoice> commands = commands(data, 10_000);
		try (ConfigurableApplicationContext worker = fixture.startWorker(2)) {
			AtomicInteger peak = new AtomicInteger();
			AtomicBoolean sampling = new AtomicBoolean(true);
			JdbcTemplate monitor = new JdbcTemplate(new SingleConnectionDataSource(fixture.jdbcUrl(), "postgres", "postgres", true));
			Thread sampler = new Thread(() -> {
				while (sampling.get()) {
					peak.accumulateAndGet(workerConnections(monitor), Math::max);
				}
			});
			sampler.start();
			long start = System.nanoTime();

			kafka.sendAll(commands);
			await().atMost(LOAD_TIMEOUT).until(() -> invoices(data) == 10_000);

			sampling.set(false);
			sampler.join();
			logger.info("10,000 commands drained in {} ms; peak worker connections {}",
					Duration.ofNanos(System.nanoTime() - start).toMillis(), peak.get());
			assertThat(peak.get()).isBetween(1, 2);
			assertThat(requests(data)).isEqualTo(10_000);
		}
	}

	@Test
	void makesExactlyOneInvoicePerCommandWhenAWorkerIsKilledMidLoad() throws Exception {
		TestData data = TestData.newClinic(jdbc);
		List<CreateInvoice> commands = commands(data, 5_000);
		try (ChildWorker doomed = fixture.startChildWorker(2, dir.resolve("killed-worker.log"))) {
			kafka.sendAll(commands);
			await().atMost(LOAD_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> invoices(data) >= 500);
			doomed.kill();
		}
		long beforeRestart = invoices(data);
		logger.info("Worker killed with SIGKILL after {} of 5,000 invoices", beforeRestart);
		assertThat(beforeRestart).isLessThan(5_000);

		try (ConfigurableApplicationContext worker = fixture.startWorker(2)) {
			await().atMost(LOAD_TIMEOUT).until(() -> kafka.finalCount(requestIds(commands)) == 5_000);
		}
		assertThat(invoices(data)).isEqualTo(5_000);
		assertThat(requests(data)).isEqualTo(5_000);
	}

	@Test
	void processesEveryCommandAfterAThirtySecondDatabaseOutageAndDeadLettersNone() throws Exception {
		TestData data = TestData.newClinic(jdbc);
		List<CreateInvoice> commands = commands(data, 3_000);
		try (ConfigurableApplicationContext worker = fixture.startWorker(2)) {
			kafka.sendAll(commands.subList(0, 1_000));
			await().atMost(LOAD_TIMEOUT).until(() -> invoices(data) > 0);

			fixture.stopPostgres();
			long outageStart = System.nanoTime();
			kafka.sendAll(commands.subList(1_000, 3_000));
			// The outage itself is the scenario: thirty seconds without a database, not a wait for a result.
			Thread.sleep(Math.max(0, Duration.ofSeconds(30).minusNanos(System.nanoTime() - outageStart).toMillis()));
			fixture.startPostgres();

			await().atMost(LOAD_TIMEOUT).until(() -> kafka.finalCount(requestIds(commands)) == 3_000);
			assertThat(invoices(data)).isEqualTo(3_000);
			assertThat(kafka.deadLetterCount()).isZero();
		}
	}

	@Test
	void makesNoDuplicateWhenASecondWorkerJoinsAndTheFirstLeavesMidLoad() {
		TestData data = TestData.newClinic(jdbc);
		List<CreateInvoice> commands = commands(data, 6_000);
		ConfigurableApplicationContext first = fixture.startWorker(2);
		kafka.sendAll(commands);
		await().atMost(LOAD_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> invoices(data) >= 500);

		try (ConfigurableApplicationContext second = fixture.startWorker(2)) {
			await().atMost(LOAD_TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> invoices(data) >= 2_000);
			first.close();
			logger.info("First worker left after {} of 6,000 invoices", invoices(data));
			await().atMost(LOAD_TIMEOUT).until(() -> kafka.finalCount(requestIds(commands)) == 6_000);
		}

		assertThat(invoices(data)).isEqualTo(6_000);
		assertThat(requests(data)).isEqualTo(6_000);
	}

	private static List<CreateInvoice> commands(TestData data, int count) {
		String prefix = "load-" + UUID.randomUUID() + "-";
		return IntStream.range(0, count).mapToObj((n) -> data.numbered(prefix, n)).toList();
	}

	private static List<String> requestIds(List<CreateInvoice> commands) {
		return commands.stream().map(CreateInvoice::getRequestId).toList();
	}

	private static long invoices(TestData data) {
		return jdbc.queryForObject("select count(*) from invoices where clinic_id = ?", Long.class, data.clinicId());
	}

	private static long requests(TestData data) {
		return jdbc.queryForObject("select count(distinct idempotency_key) from invoice_requests where clinic_id = ?",
				Long.class, data.clinicId());
	}

	private static int workerConnections(JdbcTemplate monitor) {
		return monitor.queryForObject(
				"select count(*) from pg_stat_activity where application_name = 'invoice-worker'", Integer.class);
	}

}
