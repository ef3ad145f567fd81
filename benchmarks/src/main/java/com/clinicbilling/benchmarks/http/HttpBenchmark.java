package com.clinicbilling.benchmarks.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.clinicbilling.benchmarks.kafka.StatusWatcher;
import com.clinicbilling.benchmarks.kafka.WorkerLag;
import com.clinicbilling.benchmarks.net.DelayProxy;
import com.clinicbilling.benchmarks.report.CommandLines;
import com.clinicbilling.benchmarks.report.Environment;
import com.clinicbilling.benchmarks.report.Stats;
import com.clinicbilling.benchmarks.worker.BenchClinic;
import com.clinicbilling.benchmarks.worker.RawInsertCeiling;
import com.clinicbilling.schemas.DevTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6: the pipeline (gateway, Kafka, worker) against the seed's synchronous route, before and
 * after its fixes, under bursts, constant arrival rates, a slow neighbour and network delay, on one
 * PostgreSQL of the benchmark's own; then this machine's ceilings in the same run: PostgreSQL's
 * set-based insert rate and Kafka's own produce rate and latency. Writes the "HTTP load" section
 * of BENCHMARKS.md. Run with {@code benchmarks/run.sh http}.
 */
public final class HttpBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(HttpBenchmark.class);

	/** Longest wait for the pipeline's backlog of one scenario to be processed before the next. */
	private static final Duration BACKLOG_TIMEOUT = Duration.ofMinutes(3);

	/** The local stack's worker pool (its default concurrency): the raw ceiling gets as many connections. */
	private static final int WORKER_CONNECTIONS = 2;

	private final HttpOptions options;

	private final LoadGenerator load;

	private final BenchDatabase database;

	private final HttpReport report = new HttpReport();

	private final Submissions submissions = new Submissions();

	private DatabaseWindow window;

	/** Runs after every scenario, before its database window closes: for the pipeline, waits for the worker. */
	private AfterScenario afterScenario = () -> {
	};

	private interface AfterScenario {

		void run() throws Exception;

	}

	private interface Scenarios {

		void run(HttpTarget target) throws Exception;

	}

	private HttpBenchmark(HttpOptions options, LoadGenerator load, BenchDatabase database) {
		this.options = options;
		this.load = load;
		this.database = database;
	}

	public static void main(String[] args) throws Exception {
		HttpOptions options = CommandLines.parseOrExit(new HttpOptions(), args);
		Environment environment = new Environment();
		Files.createDirectories(options.stack.logDir());
		try (LoadGenerator load = new LoadGenerator(); BenchDatabase database = BenchDatabase.start()) {
			HttpBenchmark benchmark = new HttpBenchmark(options, load, database);
			benchmark.run();
			String section = benchmark.report.markdown(options, options.report.header(environment));
			logger.info("HTTP load results:\n{}", section);
			options.report.write("http-load", "HTTP load", section);
			logger.info("Wrote the HTTP load section of {}", options.report.output());
		}
		System.exit(0);
	}

	private void run() throws Exception {
		boolean schemaApplied = false;
		if (this.options.wants("gateway")) {
			runPipeline();
			schemaApplied = true;
		}
		for (String mode : List.of("before", "after")) {
			if (this.options.wants(mode)) {
				runBaseline(mode, schemaApplied);
				schemaApplied = true;
			}
		}
		if (schemaApplied) {
			measurePostgresCeiling();
		}
		if (this.window != null) {
			this.window.close();
		}
	}

	/** The local stack on PostgreSQL directly, then Kafka's ceiling on its broker, then the stack at a distance. */
	private void runPipeline() throws Exception {
		Path logs = this.options.stack.logDir();
		try (ChildJvm stack = ChildJvm.stack(this.options.stack.stackJar(), this.database.jdbcUrl,
				logs.resolve("stack-data"), logs.resolve("stack.log"))) {
			onPipeline(stack, (gateway) -> {
				scenarios(gateway, () -> new JdbcNeighbour(this.database, this.options.neighbourConnections,
						this.options.neighbourHold().toMillis()));
				profile(stack, gateway);
			});
			int recordSize = KafkaProduceCeiling.commandSize(stack.kafka);
			this.report.kafkaCeiling(recordSize, KafkaProduceCeiling.measure(stack.kafka, recordSize,
					this.options.rates, this.options.kafkaDuration(), this.options.kafkaUnthrottledRecords, logs));
		}
		try (DelayProxy proxy = delayProxy();
				ChildJvm stack = ChildJvm.stack(this.options.stack.stackJar(), this.database.jdbcUrlVia(proxy.port()),
						logs.resolve("stack-delay-data"), logs.resolve("stack-delay.log"))) {
			onPipeline(stack, (gateway) -> {
				warmUp(gateway);
				delayScenarios(gateway);
			});
		}
	}

	/**
	 * One more open-loop run, with the stack recorded, for where the accept and end-to-end time goes;
	 * warmed up again after the recording starts (see PipelineProfile).
	 */
	private void profile(ChildJvm stack, HttpTarget gateway) throws Exception {
		int rate = this.options.profileRate;
		String label = "open loop " + rate + "/s for " + this.options.rateDuration().toSeconds()
				+ " s, profiled (flight recorder on the stack)";
		PipelineProfile profile = PipelineProfile.start(stack.pid(), this.database.postmasterPid(),
				this.options.profileSettings, this.options.stack.logDir().resolve("stack-profile.jfr"));
		// A burst, enough for the JIT to settle again (the warm-up proper ran long before).
		this.load.burst(gateway, this.submissions, "profile-warm-up", 20, this.options.quick.on() ? 200 : 1_000);
		this.afterScenario.run();
		profile.beginWindow();
		measure(label, () -> openLoop(gateway, "profiled" + rate, rate));
		this.report.profile(label, profile.stop());
	}

	private void onPipeline(ChildJvm stack, Scenarios scenarios) throws Exception {
		HttpTarget gateway = HttpTarget.gateway(stack.base,
				DevTokens.hs256(stack.jwtSecret, "benchmarks", 1, "invoices:write invoices:read", Duration.ofHours(2)));
		try (WorkerLag backlog = new WorkerLag(stack.kafka);
				StatusWatcher statuses = new StatusWatcher(stack.kafka, this.load::statusPublished)) {
			this.load.watchStatusTopic(true);
			this.afterScenario = () -> {
				long left = backlog.awaitDrained(BACKLOG_TIMEOUT);
				if (left > 0) {
					this.report.note("Gateway: " + left + " commands were still unprocessed " + BACKLOG_TIMEOUT.toMinutes()
							+ " minutes after a scenario; the next one started anyway.");
				}
			};
			scenarios.run(gateway);
		}
		finally {
			this.load.watchStatusTopic(false);
			this.afterScenario = () -> {
			};
		}
	}

	private void runBaseline(String mode, boolean schemaApplied) throws Exception {
		Path logs = this.options.stack.logDir();
		List<String> schema = schemaApplied ? List.of() : List.of(BenchDatabase.schemaArguments());
		try (ChildJvm baseline = ChildJvm.baseline(mode, this.database.jdbcUrl, BenchDatabase.USER,
				BenchDatabase.PASSWORD, logs.resolve("baseline-" + mode + ".log"), schema)) {
			scenarios(HttpTarget.baseline("seed " + mode + " (201)", baseline.base), () -> inAppNeighbour(baseline));
		}
		try (DelayProxy proxy = delayProxy();
				ChildJvm baseline = ChildJvm.baseline(mode, this.database.jdbcUrlVia(proxy.port()),
						BenchDatabase.USER, BenchDatabase.PASSWORD, logs.resolve("baseline-" + mode + "-delay.log"),
						List.of())) {
			HttpTarget target = HttpTarget.baseline("seed " + mode + " (201)", baseline.base);
			warmUp(target);
			delayScenarios(target);
		}
	}

	/** The burst, the open-loop rates up to the target's cliff, and an open-loop rate with a slow neighbour. */
	private void scenarios(HttpTarget target, NeighbourFactory neighbour) throws Exception {
		warmUp(target);
		measure("burst " + this.options.burstRequests + " from " + this.options.burstClients + " clients",
				() -> this.load.burst(target, this.submissions, "burst", this.options.burstClients,
						this.options.burstRequests));
		for (int rate : this.options.rates) {
			LoadResult result = measure("open loop " + rate + "/s for " + this.options.rateDuration().toSeconds() + " s",
					() -> openLoop(target, "rate" + rate, rate));
			if (target.pollsStatus()) {
				this.report.pipelineAtRate(rate, result);
			}
			if (result.accept.count() < result.planned / 2) {
				this.report.note(target.name() + ": accepted less than half at " + rate
						+ "/s; higher rates not loaded (past its cliff).");
				break;
			}
		}
		int rate = this.options.neighbourRate;
		try (AutoCloseable ignored = neighbour.start()) {
			Thread.sleep(1_000);
			measure("open loop " + rate + "/s for " + this.options.rateDuration().toSeconds() + " s with a slow neighbour ("
					+ this.options.neighbourConnections + " connections)", () -> openLoop(target, "neighbour", rate));
		}
	}

	/** The burst and the delay rates, with every statement paying the proxy's delay both ways. */
	private void delayScenarios(HttpTarget target) throws Exception {
		String delay = this.options.delay().toNanos() / 1000 + " µs each way to PostgreSQL";
		measure("burst, " + delay, () -> this.load.burst(target, this.submissions, "delay", this.options.burstClients,
				this.options.burstRequests));
		for (int rate : this.options.delayRates) {
			measure("open loop " + rate + "/s for " + this.options.rateDuration().toSeconds() + " s, " + delay,
					() -> openLoop(target, "delay-rate" + rate, rate));
		}
	}

	private LoadResult openLoop(HttpTarget target, String scenario, int rate) throws InterruptedException {
		return this.load.constantRate(target, this.submissions, scenario, rate, this.options.rateDuration(),
				this.options.maxInFlight, Math.max(1, rate / this.options.followedPerSecond));
	}

	/**
	 * Unmeasured requests first, so no target is measured with a cold JIT and empty connection pools:
	 * a few hundred were not enough for the local stack, whose gateway answered 250/s with a median
	 * of 400 ms right after them (a baseline, a much smaller application, is warm after 1,000).
	 */
	private void warmUp(HttpTarget target) throws Exception {
		int requests = this.options.quick.on() ? 200 : target.pollsStatus() ? 2_000 : 1_000;
		LoadResult warmUp = this.load.burst(target, this.submissions, "warm-up", 20, requests);
		this.afterScenario.run();
		logger.info("Warm-up of {}: {}", target.name(), warmUp.outcomes());
	}

	/** Runs a scenario inside a database window that closes once the target has processed all of it. */
	private LoadResult measure(String label, Callable<LoadResult> scenario) throws Exception {
		if (this.window == null) {
			// Only now: the first target's start-up has created the tables.
			this.window = new DatabaseWindow(this.database);
		}
		this.window.open();
		LoadResult result = scenario.call().withScenario(label);
		this.afterScenario.run();
		this.window.closeInto(result);
		logger.info("{} / {}: {} requests, {}; accept p50 {} ms p99 {} ms; end-to-end p50 {} ms p99 {} ms; "
				+ "peak {} connections, {} invoices/s committed", label, result.target, result.planned, result.outcomes(),
				result.accept.millis(50), result.accept.millis(99), result.endToEnd.millis(50),
				result.endToEnd.millis(99), result.peakConnections, Math.round(result.committedPerSecond));
		this.report.add(result);
		return result;
	}

	private DelayProxy delayProxy() throws Exception {
		return DelayProxy.start(this.database.address().getHost(), this.database.address().getPort(),
				this.options.delay(), 100);
	}

	/** PostgreSQL's set-based insert rate for the same invoices on as many connections as the worker has. */
	private void measurePostgresCeiling() throws Exception {
		int invoices = this.options.quick.on() ? 2_000 : 10_000;
		RawInsertCeiling raw = new RawInsertCeiling(() -> this.database.connect("bench-ceiling"));
		List<Double> rates = new ArrayList<>();
		try (var connection = this.database.connect("bench-ceiling")) {
			raw.setBased(BenchClinic.create(connection, 1_000), "warm-", invoices / 5, WORKER_CONNECTIONS);
			for (int repetition = 0; repetition < 3; repetition++) {
				rates.add(raw.setBased(BenchClinic.create(connection, 1_000), "raw-", invoices, WORKER_CONNECTIONS));
			}
		}
		logger.info("PostgreSQL set-based ceiling on {} connections: {} invoices/s", WORKER_CONNECTIONS, rates);
		this.report.postgresCeiling(Stats.of(rates), WORKER_CONNECTIONS, invoices);
	}

	private interface NeighbourFactory {

		AutoCloseable start() throws Exception;

	}

	private AutoCloseable inAppNeighbour(ChildJvm baseline) throws Exception {
		// Long enough for the burst; the baseline also stops it on its own after that.
		long seconds = 120;
		baseline.call("POST", "/bench/neighbour?connections=" + this.options.neighbourConnections + "&holdMillis="
				+ this.options.neighbourHold().toMillis() + "&seconds=" + seconds);
		return () -> baseline.call("DELETE", "/bench/neighbour");
	}

}
