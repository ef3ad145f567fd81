package com.clinicbilling.benchmarks.endtoend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.clinicbilling.benchmarks.report.CommandLines;
import com.clinicbilling.schemas.DevTokens;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * End-to-end latency of a running local stack: from a submission's scheduled start (open loop) to
 * its final status arriving on the clinic's event stream, at several rates, for the demo clinic's
 * 10 patients and for 10,000 patients. A measurement, not a test; run by
 * {@code benchmarks/end-to-end.sh}, which starts the stack (see {@code benchmarks/README.md}).
 *
 * <p>Every submission is the seed's "paid externally" invoice with its own key, order and amount
 * (none is a duplicate); each is followed, through one clinic stream, so following costs the
 * gateway nothing per request. Between scenarios the benchmark waits until every accepted request
 * has its final status, so no scenario measures the previous one's backlog.
 */
public final class EndToEndBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(EndToEndBenchmark.class);

	private static final long CLINIC = 1;

	/** Patients of the "many patients" scenarios: ids above the demo data's, all of clinic 1. */
	private static final long FIRST_BENCH_PATIENT = 1_000_000;

	private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(90);

	private static final int MAX_IN_FLIGHT = 4_000;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(10))
		.executor(Executors.newFixedThreadPool(4))
		.build();

	private final URI gateway;

	private final String token;

	private final String run = Long.toString(System.currentTimeMillis(), 36);

	private final long salt = ThreadLocalRandom.current().nextLong(50_000_000);

	private final String paidAt = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();

	private final AtomicLong sequence = new AtomicLong();

	private EndToEndBenchmark(URI gateway, String token) {
		this.gateway = gateway;
		this.token = token;
	}

	/** One scenario's numbers, in milliseconds. */
	record Result(String patients, int rate, int seconds, long accepted, Map<String, Long> other, long finals,
			Histogram accept, Histogram endToEnd) {
	}

	@Command(name = "benchmarks/end-to-end.sh", mixinStandardHelpOptions = true, sortOptions = false,
			description = "Accept to final status on the clinic's event stream, against a running local stack.")
	static final class Options {

		@Option(names = "--data", defaultValue = ".local-data", description = "the stack's data folder (its dev-jwt-secret)")
		Path data;

		@Option(names = "--gateway", defaultValue = "http://127.0.0.1:8080", description = "the stack's gateway")
		URI gateway;

		@Option(names = "--jdbc-url", defaultValue = "jdbc:postgresql://127.0.0.1:15432/invoice",
				description = "the stack's PostgreSQL, where the benchmark's patients are added")
		String jdbcUrl;

		@Option(names = "--rates", split = ",", defaultValue = "250,500,1000", description = "open-loop rates, requests/s")
		List<Integer> rates;

		@Option(names = "--patients", split = ",", defaultValue = "10,10000",
				description = "patients the submissions are spread over (10: the demo clinic's own)")
		List<Integer> patients;

		@Option(names = "--seconds", defaultValue = "20", description = "length of each open-loop run")
		int seconds;

		/** At 250/s. */
		@Mixin
		CommandLines.WarmUp warmUp;

		@Option(names = "--output", defaultValue = "", description = "a file for the markdown table, besides stdout")
		String output;

		@Option(names = "--bootstrap", defaultValue = "", description = "the stack's Kafka, for --sse-burst")
		String bootstrap;

		@Option(names = "--sse-burst", defaultValue = "0",
				description = "also time this many final statuses published at once to as many open streams (0: not)")
		int sseBurst;

	}

	public static void main(String[] args) throws Exception {
		Options options = CommandLines.parseOrExit(new Options(), args);
		String secret = Files.readString(options.data.resolve("dev-jwt-secret"), StandardCharsets.UTF_8).trim();
		URI gateway = options.gateway;
		String token = DevTokens.hs256(secret, "benchmarks", CLINIC, "invoices:write invoices:read", Duration.ofHours(2));
		EndToEndBenchmark benchmark = new EndToEndBenchmark(gateway, token);
		int mostPatients = options.patients.stream().mapToInt(Integer::intValue).max().orElse(0);
		if (mostPatients > 10) {
			addPatients(options.jdbcUrl, mostPatients);
		}
		ClinicEventStream stream = ClinicEventStream.open(benchmark.http, gateway, token);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!stream.isReady() && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(20);
		}
		if (!stream.isReady()) {
			throw new IllegalStateException("The clinic event stream did not open");
		}
		logger.info("Warming up: 250/s for {}", options.warmUp.duration());
		benchmark.scenario(stream, 10, 250, (int) options.warmUp.duration().toSeconds());
		List<Result> results = new ArrayList<>();
		for (int patients : options.patients) {
			for (int rate : options.rates) {
				logger.info("Load before {} patients at {}/s: {}", patients, rate, loadAverage());
				results.add(benchmark.scenario(stream, patients, rate, options.seconds));
				logger.info("{}", row(results.get(results.size() - 1)));
			}
		}
		stream.close();
		if (options.sseBurst > 0) {
			// Once unmeasured: the first burst also warms both sides up.
			SseBurst.run(benchmark.http, gateway, token, options.bootstrap, options.sseBurst);
			for (int round = 1; round <= 3; round++) {
				logger.info("Load before SSE burst {}: {}", round, loadAverage());
				Histogram burst = SseBurst.run(benchmark.http, gateway, token, options.bootstrap, options.sseBurst);
				System.out.printf("SSE burst %d: %d of %d final statuses, publication to event p50 %s ms, p90 %s, p99 %s, max %s%n",
						round, burst.getTotalCount(), options.sseBurst, millis(burst, 50), millis(burst, 90),
						millis(burst, 99), millis(burst, 100));
			}
		}
		StringBuilder table = new StringBuilder(
				"| patients | rate/s | seconds | 202 | other answers | final on the stream | accept p50 | p99 | end to end p50 | p90 | p99 | max |\n"
						+ "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
		results.forEach((result) -> table.append(row(result)).append('\n'));
		System.out.println(table);
		if (!options.output.isEmpty()) {
			Files.writeString(Path.of(options.output), table.toString() + "\nLoad average at the end: " + loadAverage() + "\n");
		}
		System.exit(0);
	}

	/** Open loop at {@code rate} for {@code seconds}, then waits until every accepted request is final. */
	private Result scenario(ClinicEventStream stream, int patients, int rate, int seconds) throws InterruptedException {
		Map<String, Long> intendedOf = new ConcurrentHashMap<>();
		Histogram accept = new Histogram(3);
		Map<String, Long> other = new ConcurrentHashMap<>();
		AtomicInteger inFlight = new AtomicInteger();
		long total = (long) rate * seconds;
		long period = 1_000_000_000L / rate;
		long start = System.nanoTime() + 20_000_000L;
		for (long i = 0; i < total; i++) {
			long intended = start + i * period;
			for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			if (inFlight.get() >= MAX_IN_FLIGHT) {
				other.merge("not sent (" + MAX_IN_FLIGHT + " in flight)", 1L, Long::sum);
				continue;
			}
			inFlight.incrementAndGet();
			this.http.sendAsync(submission(patients), HttpResponse.BodyHandlers.discarding()).whenComplete((response, ex) -> {
				long now = System.nanoTime();
				inFlight.decrementAndGet();
				if (response == null || response.statusCode() != 202) {
					other.merge((response != null) ? Integer.toString(response.statusCode())
							: ex.getClass().getSimpleName(), 1L, Long::sum);
					return;
				}
				synchronized (accept) {
					accept.recordValue(Math.max(0, (now - intended) / 1_000));
				}
				response.headers().firstValue("Location").ifPresent((location) -> intendedOf
					.put(location.substring(location.lastIndexOf('/') + 1), intended));
			});
		}
		long settle = System.nanoTime() + SETTLE_TIMEOUT.toNanos();
		while ((inFlight.get() > 0 || intendedOf.keySet().stream().anyMatch((id) -> stream.finalAt(id) == null))
				&& System.nanoTime() < settle) {
			TimeUnit.MILLISECONDS.sleep(50);
		}
		Histogram endToEnd = new Histogram(3);
		long finals = 0;
		for (Map.Entry<String, Long> request : intendedOf.entrySet()) {
			Long finalAt = stream.finalAt(request.getKey());
			if (finalAt != null) {
				finals++;
				endToEnd.recordValue(Math.max(0, (finalAt - request.getValue()) / 1_000));
			}
		}
		return new Result((patients > 10) ? String.format("%,d", patients) : Integer.toString(patients), rate, seconds,
				intendedOf.size(), Map.copyOf(other), finals, accept, endToEnd);
	}

	private HttpRequest submission(int patients) {
		long n = this.sequence.getAndIncrement();
		long patient = (patients <= 10) ? 101 + (n % 10) : FIRST_BENCH_PATIENT + (n % patients);
		long amount = 30_000 + (this.salt + n) % 50_000_000;
		String body = "{\"patientId\":" + patient + ",\"orderId\":" + (1 + (this.salt + n) % 50_000_000)
				+ ",\"currency\":\"usd\",\"lineItems\":[{\"description\":\"Visit " + n + "\",\"unitAmount\":" + amount
				+ ",\"quantity\":1}],\"paidExternally\":{\"method\":\"STRIPE_NOT_SYNCED\",\"reference\":\"pi_e2e_" + n
				+ "\",\"paidAt\":\"" + this.paidAt + "\"}}";
		return HttpRequest.newBuilder(this.gateway.resolve("/v1/invoices"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + this.token)
			.header("Idempotency-Key", "e2e-" + this.run + "-" + n)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	/** Patients {@value #FIRST_BENCH_PATIENT}… of clinic 1 in the stack's own database. */
	private static void addPatients(String jdbcUrl, int count) throws Exception {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, "invoice", "invoice");
				PreparedStatement insert = connection.prepareStatement(
						"insert into patients (id, clinic_id, name) select g, ?, 'Bench ' || g from generate_series(?, ?) g"
								+ " on conflict (id) do nothing")) {
			insert.setLong(1, CLINIC);
			insert.setLong(2, FIRST_BENCH_PATIENT);
			insert.setLong(3, FIRST_BENCH_PATIENT + count - 1);
			insert.executeUpdate();
		}
	}

	private static String row(Result result) {
		return "| " + result.patients() + " | " + String.format("%,d", result.rate()) + " | " + result.seconds() + " | "
				+ result.accepted() + " | " + (result.other().isEmpty() ? "0" : result.other().toString()) + " | "
				+ result.finals() + " | "
				+ millis(result.accept(), 50) + " | " + millis(result.accept(), 99) + " | "
				+ millis(result.endToEnd(), 50) + " | " + millis(result.endToEnd(), 90) + " | "
				+ millis(result.endToEnd(), 99) + " | " + String.format("%,.0f", result.endToEnd().getMaxValue() / 1000.0)
				+ " |";
	}

	private static String millis(Histogram micros, double percentile) {
		double ms = micros.getValueAtPercentile(percentile) / 1000.0;
		return (ms < 100) ? String.format("%.1f", ms) : String.format("%,.0f", ms);
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (java.io.IOException ex) {
			return "unknown";
		}
	}

}
