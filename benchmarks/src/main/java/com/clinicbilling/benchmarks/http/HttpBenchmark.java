package com.clinicbilling.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.clinicbilling.benchmarks.net.DelayProxy;
import com.clinicbilling.benchmarks.report.BenchmarksFile;
import com.clinicbilling.benchmarks.report.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 6: the pipeline (gateway, Kafka, worker) against the seed's synchronous route, before and
 * after its fixes, under bursts, constant arrival rates, a slow neighbour and network delay.
 * Writes the "HTTP load" section of BENCHMARKS.md. Run with {@code benchmarks/run.sh http}.
 */
public final class HttpBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(HttpBenchmark.class);

	/** Longest wait for the pipeline's backlog of one scenario to be processed before the next. */
	private static final Duration BACKLOG_TIMEOUT = Duration.ofMinutes(3);

	private final HttpOptions options;

	private final LoadGenerator load;

	private final HttpReport report = new HttpReport();

	private final Submissions submissions = new Submissions();

	/** Runs before every measured scenario: for the gateway, waits for the worker's backlog. */
	private BeforeScenario beforeScenario = () -> {
	};

	private interface BeforeScenario {

		void run() throws Exception;

	}

	private HttpBenchmark(HttpOptions options, LoadGenerator load) {
		this.options = options;
		this.load = load;
	}

	public static void main(String[] args) throws Exception {
		HttpOptions options = HttpOptions.parse(args);
		Environment environment = new Environment();
		try (LoadGenerator load = new LoadGenerator()) {
			HttpBenchmark benchmark = new HttpBenchmark(options, load);
			benchmark.run();
			String section = benchmark.report.markdown(options,
					environment.markdown(options.command(), Environment.loadAverage()));
			logger.info("HTTP load results:\n{}", section);
			new BenchmarksFile(options.output()).replaceSection("http-load", "HTTP load", section);
			logger.info("Wrote the HTTP load section of {}", options.output());
		}
		System.exit(0);
	}

	private void run() throws Exception {
		if (this.options.wants("gateway")) {
			runGateway();
		}
		if (this.options.wants("before") || this.options.wants("after")) {
			try (BaselineDatabase database = BaselineDatabase.open(this.options.stackJdbcUrl())) {
				runBaselines(database);
			}
		}
	}

	private void runGateway() throws Exception {
		if (!healthy(this.options.gateway())) {
			this.report.note("Gateway: " + this.options.gateway() + " did not answer /actuator/health with UP; not "
					+ "loaded. Start the local stack (`java -jar local-stack/target/local-stack.jar`) and run again.");
			return;
		}
		String token = token();
		HttpTarget gateway = HttpTarget.gateway(this.options.gateway(), token);
		try (WorkerBacklog backlog = new WorkerBacklog(this.options.stackKafka());
				StatusTopicWatcher statuses = new StatusTopicWatcher(this.options.stackKafka())) {
			this.load.watchStatusTopic(statuses);
			this.beforeScenario = () -> {
				long left = backlog.awaitDrained(BACKLOG_TIMEOUT);
				if (left > 0) {
					this.report.note("Gateway: the next scenario started with " + left
							+ " commands still unprocessed from the one before (waited " + BACKLOG_TIMEOUT.toSeconds()
							+ " s).");
				}
			};
			scenarios(gateway, () -> new JdbcNeighbour(this.options.stackJdbcUrl(), "invoice", "invoice",
					this.options.neighbourConnections(), this.options.neighbourHold().toMillis()));
		}
		finally {
			this.load.watchStatusTopic(null);
			this.beforeScenario = () -> {
			};
		}
		this.report.note("Gateway, network delay: not measured (the worker's PostgreSQL connection is inside the "
				+ "local stack); the worker's round trips per batch are in the worker drain section.");
	}

	private void runBaselines(BaselineDatabase database) throws Exception {
		Path logs = this.options.logDir();
		Files.createDirectories(logs);
		boolean schemaApplied = !database.owned;
		for (String mode : List.of("before", "after")) {
			if (!this.options.wants(mode)) {
				continue;
			}
			List<String> extra = schemaApplied ? List.of() : List.of(database.schemaArguments());
			schemaApplied = true;
			try (BaselineProcess baseline = BaselineProcess.start(mode, database.jdbcUrl, database.user,
					database.password, logs.resolve("baseline-" + mode + ".log"), extra)) {
				HttpTarget target = HttpTarget.baseline("seed " + mode + " (201)", baseline.port());
				scenarios(target, () -> inAppNeighbour(baseline));
			}
			delayScenario(database, mode, logs);
		}
	}

	/** The burst, the open-loop rates up to the target's cliff, and the burst with a slow neighbour. */
	private void scenarios(HttpTarget target, NeighbourFactory neighbour) throws Exception {
		warmUp(target);
		this.beforeScenario.run();
		record(this.load.burst(target, this.submissions, "burst", this.options.burstClients(),
				this.options.burstRequests()), "burst " + this.options.burstRequests() + " from "
						+ this.options.burstClients() + " clients");
		for (int rate : this.options.rates()) {
			this.beforeScenario.run();
			LoadResult result = this.load.constantRate(target, this.submissions, "rate" + rate, rate,
					this.options.rateDuration(), this.options.maxInFlight(),
					Math.max(1, rate / this.options.followedPerSecond()));
			record(result, "open loop " + rate + "/s for " + this.options.rateDuration().toSeconds() + " s");
			if (result.accept.count() < result.planned / 2) {
				this.report.note(target.name() + ": accepted less than half at " + rate
						+ "/s; higher rates not loaded (past its cliff).");
				break;
			}
		}
		this.beforeScenario.run();
		try (AutoCloseable ignored = neighbour.start()) {
			Thread.sleep(1_000);
			record(this.load.burst(target, this.submissions, "neighbour", this.options.burstClients(),
					this.options.burstRequests()), "burst with a slow neighbour (" + this.options.neighbourConnections()
							+ " connections)");
		}
	}

	/** Unmeasured requests first, so no target is measured with a cold JIT and empty connection pools. */
	private void warmUp(HttpTarget target) throws InterruptedException {
		int requests = this.options.quick() ? 100 : 500;
		LoadResult warmUp = this.load.burst(target, this.submissions, "warm-up", 20, requests);
		logger.info("Warm-up of {}: {}", target.name(), warmUp.outcomes());
	}

	private void delayScenario(BaselineDatabase database, String mode, Path logs) throws Exception {
		URI db = URI.create(database.jdbcUrl.substring("jdbc:".length()));
		try (DelayProxy proxy = DelayProxy.start(db.getHost(), db.getPort(), this.options.delay(), 100);
				BaselineProcess baseline = BaselineProcess.start(mode,
						"jdbc:postgresql://127.0.0.1:" + proxy.port() + db.getPath(), database.user, database.password,
						logs.resolve("baseline-" + mode + "-delay.log"), List.of())) {
			HttpTarget target = HttpTarget.baseline("seed " + mode + " (201)", baseline.port());
			warmUp(target);
			String delay = this.options.delay().toNanos() / 1000 + " µs each way to PostgreSQL";
			record(this.load.burst(target, this.submissions, "delay", this.options.burstClients(),
					this.options.burstRequests()), "burst, " + delay);
			// Above the route's capacity once each statement pays the delay: the incident's cliff.
			int rate = this.options.delayRate();
			record(this.load.constantRate(target, this.submissions, "delay-rate", rate, this.options.rateDuration(),
					this.options.maxInFlight(), Math.max(1, rate / this.options.followedPerSecond())),
					"open loop " + rate + "/s for " + this.options.rateDuration().toSeconds() + " s, " + delay);
		}
	}

	private interface NeighbourFactory {

		AutoCloseable start() throws Exception;

	}

	private AutoCloseable inAppNeighbour(BaselineProcess baseline) throws Exception {
		// Long enough for the burst; the baseline also stops it on its own after that.
		long seconds = 120;
		baseline.call("POST", "/bench/neighbour?connections=" + this.options.neighbourConnections() + "&holdMillis="
				+ this.options.neighbourHold().toMillis() + "&seconds=" + seconds);
		return () -> baseline.call("DELETE", "/bench/neighbour");
	}

	private void record(LoadResult result, String label) {
		logger.info("{} / {}: {} requests, {}; accept p50 {} ms p99 {} ms; end-to-end p50 {} ms p99 {} ms", label,
				result.target, result.planned, result.outcomes(), result.accept.millis(50), result.accept.millis(99),
				result.endToEnd.millis(50), result.endToEnd.millis(99));
		this.report.add(result.withScenario(label));
	}

	private String token() throws IOException {
		if (this.options.token() != null) {
			return this.options.token();
		}
		String secret = System.getenv("INVOICE_JWT_SECRET");
		if (secret == null || secret.isBlank()) {
			secret = Files.readString(this.options.secretFile()).trim();
		}
		return DevTokens.hs256(secret, 1, "invoices:write invoices:read", Duration.ofHours(2));
	}

	private static boolean healthy(URI gateway) {
		try {
			HttpResponse<String> response = HttpClient.newBuilder()
				.connectTimeout(Duration.ofSeconds(2))
				.build()
				.send(HttpRequest.newBuilder(gateway.resolve("/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200 && response.body().contains("\"UP\"");
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
