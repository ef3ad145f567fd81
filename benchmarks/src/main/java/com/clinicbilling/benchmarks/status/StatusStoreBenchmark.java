package com.clinicbilling.benchmarks.status;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.clinicbilling.benchmarks.report.CommandLines;
import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.DevTokens;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The gateway's status store with many statuses in the topic: heap after GC, disk, time to ready on a
 * fresh start and on a restart, and GET latency for recent and for week-old requests. Each gateway is
 * its own JVM, started from an executable jar (this tree's and, optionally, an older one's), against
 * an embedded broker filled here with a plain producer.
 *
 * <pre>
 * benchmarks/status-store.sh [--before-jar=old-exec.jar] [--statuses=5000000] [--samples=2000] [--xmx=3g] [--no-streams]
 * </pre>
 */
public final class StatusStoreBenchmark {

	private static final String SECRET = "status-store-benchmark-secret-0123456789abcdef";

	private static final int CLINICS = 100;

	private static final Duration SPREAD = Duration.ofDays(29);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Map<Long, String> tokens = new HashMap<>();

	private final Path work;

	private final String xmx;

	private final String bootstrap;

	private StatusStoreBenchmark(Path work, String xmx, String bootstrap) {
		this.work = work;
		this.xmx = xmx;
		this.bootstrap = bootstrap;
		for (long clinic = 1; clinic <= CLINICS; clinic++) {
			this.tokens.put(clinic, DevTokens.hs256(SECRET, "benchmarks", clinic, "invoices:read", Duration.ofHours(4)));
		}
	}

	@Command(name = "StatusStoreBenchmark", mixinStandardHelpOptions = true,
			description = "The gateway's status store with many statuses in the topic.")
	static final class Cli {

		@Option(names = "--jar", required = true, description = "this tree's api-gateway executable jar")
		Path jar;

		@Option(names = "--before-jar", description = "an older api-gateway executable jar, measured first")
		Path beforeJar;

		@Option(names = "--statuses", defaultValue = "5000000", description = "statuses in the topic")
		long statuses;

		@Option(names = "--samples", defaultValue = "2000", description = "GETs per age group")
		int samples;

		@Option(names = "--xmx", defaultValue = "3g", description = "each gateway's -Xmx")
		String xmx;

		@Option(names = "--streams", defaultValue = "true", negatable = true,
				description = "also time a Kafka Streams global table over the status topic")
		boolean streams;

	}

	public static void main(String[] args) throws Exception {
		Cli cli = CommandLines.parseOrExit(new Cli(), args);
		long statuses = cli.statuses;
		int samples = cli.samples;
		Path work = Files.createTempDirectory("status-store-bench-");
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
		broker.brokerProperties(Map.of("log.dirs", work.resolve("kafka").toString(), "log.cleaner.enable", "false"));
		broker.afterPropertiesSet();
		try {
			StatusStoreBenchmark bench = new StatusStoreBenchmark(work, cli.xmx, broker.getBrokersAsString());
			Samples ids = bench.fill(statuses, samples);
			System.out.printf("| gateway | statuses | ready, fresh (s) | records read | heap used after GC (MiB) | RSS (MiB) "
					+ "| disk (MiB) | ready after restart (s) | GET p50 / p99 recent (ms) | GET p50 / p99 week-old (ms) "
					+ "| week-old found |%n");
			if (cli.beforeJar != null) {
				bench.measure("before (Caffeine, " + cli.beforeJar.getFileName() + ")", cli.beforeJar, null, statuses, ids);
			}
			bench.measure("after (RocksDB)", cli.jar, work.resolve("store"), statuses, ids);
			if (cli.streams) {
				bench.globalTable(statuses);
			}
		}
		finally {
			broker.destroy();
		}
	}

	/** The request ids GET is measured with, by age. */
	record Samples(List<Long> recent, List<Long> weekOld) {
	}

	/**
	 * Produces {@code count} final statuses spread over the last 29 days (oldest first, record time as
	 * the worker would set it), and returns sample indexes of the newest and of week-old ones.
	 */
	private Samples fill(long count, int samples) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap))) {
			admin.createTopics(Topics.declarations(6, (short) 1)).all().get();
		}
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap,
				ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
				ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4", ProducerConfig.ACKS_CONFIG, "1",
				ProducerConfig.BUFFER_MEMORY_CONFIG, 128L << 20);
		AvroSerde<RequestStatus> serde = AvroSerde.requestStatus();
		long now = System.currentTimeMillis();
		long started = System.nanoTime();
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			for (long i = 0; i < count; i++) {
				long at = now - SPREAD.toMillis() * (count - i) / count;
				RequestStatus status = status(i, at);
				producer.send(new ProducerRecord<>(Topics.REQUEST_STATUS, null, at, status.getRequestId(),
						serde.encode(status)));
			}
			producer.flush();
		}
		System.err.printf("Produced %,d statuses in %d s%n", count, Duration.ofNanos(System.nanoTime() - started).toSeconds());
		Random random = new Random(7);
		List<Long> recent = new ArrayList<>();
		List<Long> weekOld = new ArrayList<>();
		long weekAgo = count - count * 7 / SPREAD.toDays();
		for (int i = 0; i < samples; i++) {
			recent.add(count - 1 - random.nextInt((int) Math.max(1, count / 100)));
			weekOld.add(Math.min(count - 1, weekAgo + random.nextInt((int) Math.max(1, count / 100))));
		}
		return new Samples(recent, weekOld);
	}

	private static String requestId(long index) {
		Random random = new Random(index);
		return new UUID(random.nextLong(), random.nextLong()).toString();
	}

	private static long clinic(long index) {
		return 1 + index % CLINICS;
	}

	private static RequestStatus status(long index, long at) {
		Instant time = Instant.ofEpochMilli(at);
		return RequestStatus.newBuilder()
			.setRequestId(requestId(index))
			.setClinicId(clinic(index))
			.setIdempotencyKey("order-" + index + "-first-try")
			.setBodyFingerprint(Long.toHexString(index * 0x9E3779B97F4A7C15L) + "0123456789abcdef0123456789abcdef0123456789ab")
			.setState(RequestState.CREATED)
			.setAcceptedAt(time.minusMillis(300))
			.setCompletedAt(time)
			.setInvoice(new InvoiceSummary(index + 1, InvoiceStatus.OPEN, 64700L, 64700L, 0L, "usd", null))
			.build();
	}

	private void measure(String name, Path jar, Path directory, long statuses, Samples ids) throws Exception {
		Gateway gateway = Gateway.start(this, jar, directory, "fresh");
		double fresh = gateway.awaitReady();
		String read = gateway.recordsRead();
		long heap = gateway.heapUsedAfterGc();
		long rss = gateway.rss();
		gateway.stop();
		Gateway restarted = Gateway.start(this, jar, directory, "restart");
		double restart = restarted.awaitReady();
		Histogram recent = get(restarted, ids.recent(), null);
		int[] found = { 0 };
		Histogram weekOld = get(restarted, ids.weekOld(), found);
		restarted.stop();
		long disk = (directory != null) ? size(directory) : 0;
		System.out.printf("| %s | %,d | %.1f | %s | %d | %d | %s | %.1f | %.2f / %.2f | %.2f / %.2f | %d of %d |%n", name,
				statuses, fresh, read, heap >> 20, rss >> 20, (directory != null) ? String.valueOf(disk >> 20) : "none",
				restart, recent.getValueAtPercentile(50) / 1000.0, recent.getValueAtPercentile(99) / 1000.0,
				weekOld.getValueAtPercentile(50) / 1000.0, weekOld.getValueAtPercentile(99) / 1000.0, found[0],
				ids.weekOld().size());
	}

	/**
	 * The ecosystem's answer for comparison: a Kafka Streams global table over the status topic alone
	 * (RocksDB), its restore time fresh and after a restart with its state directory. It copies the
	 * topic's bytes as they are: no PENDING from the command topics, no key owners, no merge.
	 */
	private void globalTable(long statuses) throws Exception {
		Path state = this.work.resolve("streams");
		double fresh = runGlobalTable(state);
		double restart = runGlobalTable(state);
		System.out.printf("| Kafka Streams global table (status topic only, bytes as they are) | %,d | %.1f | all | n/a | n/a | %d "
				+ "| %.1f | n/a | n/a | n/a |%n", statuses, fresh, size(state) >> 20, restart);
	}

	private double runGlobalTable(Path state) throws InterruptedException {
		Properties properties = new Properties();
		properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "status-store-benchmark");
		properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrap);
		properties.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
		StreamsBuilder builder = new StreamsBuilder();
		builder.globalTable(Topics.REQUEST_STATUS, Consumed.with(Serdes.String(), Serdes.ByteArray()),
				Materialized.as("statuses"));
		long started = System.nanoTime();
		try (KafkaStreams streams = new KafkaStreams(builder.build(), properties)) {
			streams.start();
			while (streams.state() != KafkaStreams.State.RUNNING) {
				if (streams.state() == KafkaStreams.State.ERROR) {
					throw new IllegalStateException("Kafka Streams failed");
				}
				Thread.sleep(50);
			}
			double seconds = (System.nanoTime() - started) / 1e9;
			streams.close(Duration.ofSeconds(30));
			return seconds;
		}
	}

	/** GET latency, after a warm-up over the same ids; counts the 200 answers into {@code found}. */
	private Histogram get(Gateway gateway, List<Long> indexes, int[] found) throws Exception {
		Histogram micros = new Histogram(3);
		for (int round = 0; round < 2; round++) {
			for (long index : indexes) {
				HttpRequest request = HttpRequest
					.newBuilder(URI.create(gateway.base + "/v1/invoice-requests/" + requestId(index)))
					.header("Authorization", "Bearer " + this.tokens.get(clinic(index)))
					.GET()
					.build();
				long started = System.nanoTime();
				HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
				long took = (System.nanoTime() - started) / 1000;
				if (round == 1) {
					micros.recordValue(took);
					if (found != null && response.statusCode() == 200) {
						found[0]++;
					}
				}
			}
		}
		return micros;
	}

	private static long size(Path directory) throws IOException {
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter(Files::isRegularFile).mapToLong((file) -> file.toFile().length()).sum();
		}
	}

	/** A gateway in its own JVM. */
	private static final class Gateway {

		private static final Pattern CAUGHT_UP = Pattern.compile("Status store caught up: ([\\d,]+) (records|requests)");

		private static final Pattern USED = Pattern.compile("used (\\d+)K");

		private final Process process;

		private final String base;

		private final Path log;

		private final long started = System.nanoTime();

		private final StatusStoreBenchmark bench;

		private Gateway(StatusStoreBenchmark bench, Process process, int port, Path log) {
			this.bench = bench;
			this.process = process;
			this.base = "http://127.0.0.1:" + port;
			this.log = log;
		}

		static Gateway start(StatusStoreBenchmark bench, Path jar, Path directory, String run) throws IOException {
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"-Xmx" + bench.xmx, "-XX:+UseG1GC", "-jar", jar.toString(), "--server.port=" + port,
					"--spring.kafka.bootstrap-servers=" + bench.bootstrap, "--invoice.gateway.security.jwt-secret=" + SECRET,
					"--invoice.gateway.rate-limit.enabled=false"));
			if (directory != null) {
				command.add("--invoice.gateway.status.directory=" + directory);
			}
			Path log = bench.work.resolve(jar.getFileName() + "-" + run + ".log");
			Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			return new Gateway(bench, process, port, log);
		}

		double awaitReady() throws Exception {
			HttpRequest ready = HttpRequest.newBuilder(URI.create(this.base + "/actuator/health/readiness")).GET().build();
			while (true) {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("The gateway stopped; see " + this.log);
				}
				try {
					if (this.bench.http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
						return (System.nanoTime() - this.started) / 1e9;
					}
				}
				catch (IOException ex) {
					// Not listening yet.
				}
				Thread.sleep(100);
			}
		}

		String recordsRead() throws IOException {
			Matcher matcher = CAUGHT_UP.matcher(Files.readString(this.log));
			return matcher.find() ? matcher.group(1) + " " + matcher.group(2) : "?";
		}

		long heapUsedAfterGc() throws Exception {
			String pid = String.valueOf(this.process.pid());
			jcmd(pid, "GC.run");
			jcmd(pid, "GC.run");
			Matcher matcher = USED.matcher(jcmd(pid, "GC.heap_info"));
			return matcher.find() ? Long.parseLong(matcher.group(1)) << 10 : -1;
		}

		long rss() throws IOException {
			for (String line : Files.readAllLines(Path.of("/proc/" + this.process.pid() + "/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", "")) << 10;
				}
			}
			return -1;
		}

		void stop() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}

		private static String jcmd(String pid, String command) throws Exception {
			Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), pid, command)
				.redirectErrorStream(true)
				.start();
			String output = new String(jcmd.getInputStream().readAllBytes());
			jcmd.waitFor();
			return output;
		}

	}

}
