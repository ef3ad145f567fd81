package com.clinicbilling.benchmarks.http;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A system under load in a JVM of its own, on free ports, its output in a log: the local stack as a
 * newcomer starts it ({@code java -jar local-stack.jar}, a fresh data folder, its worker writing to
 * the benchmark's PostgreSQL through {@code jdbcUrl}, directly or through a delaying proxy), or a
 * seed baseline from this benchmark's class path. Started when it answers over HTTP; stopped as
 * Ctrl-C would (shutdown hooks run), forcibly when it does not stop in time.
 */
final class ChildJvm implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ChildJvm.class);

	private final String name;

	private final Process process;

	private final Duration stopGrace;

	/** Where it answers HTTP: the gateway, or the baseline's route. */
	final URI base;

	/** The local stack's broker (host:port); null for a baseline. */
	final String kafka;

	/** The local stack's JWT secret; null for a baseline, which does not authenticate. */
	final String jwtSecret;

	private ChildJvm(String name, Process process, Duration stopGrace, URI base, String kafka, String jwtSecret) {
		this.name = name;
		this.process = process;
		this.stopGrace = stopGrace;
		this.base = base;
		this.kafka = kafka;
		this.jwtSecret = jwtSecret;
	}

	static ChildJvm stack(Path jar, String jdbcUrl, Path dataDir, Path log) throws IOException, InterruptedException {
		return stack(jar, jdbcUrl, dataDir, log, Map.of());
	}

	/** The local stack with more environment (e.g. a worker setting); the free ports and paths are set here. */
	static ChildJvm stack(Path jar, String jdbcUrl, Path dataDir, Path log, Map<String, String> environment)
			throws IOException, InterruptedException {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No local stack jar at " + jar
					+ ": build it with ./mvnw -q -pl local-stack -am package -DskipTests (benchmarks/run.sh does)");
		}
		deleteRecursively(dataDir);
		int gatewayPort = freePort();
		int kafkaPort = freePort();
		byte[] secret = new byte[48];
		new SecureRandom().nextBytes(secret);
		String jwtSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		ProcessBuilder builder = new ProcessBuilder(java(), "-Xms1g", "-Xmx3g", "-jar", jar.toString());
		builder.environment().putAll(environment);
		builder.environment()
			.putAll(Map.of("SERVER_PORT", Integer.toString(gatewayPort), "INVOICE_WORKER_PORT",
					Integer.toString(freePort()), "INVOICE_LOCAL_PG_PORT", Integer.toString(freePort()),
					"INVOICE_LOCAL_KAFKA_PORT", Integer.toString(kafkaPort), "INVOICE_LOCAL_DATA", dataDir.toString(),
					"INVOICE_JWT_SECRET", jwtSecret, "INVOICE_LOCAL_DB_URL", jdbcUrl));
		long started = System.nanoTime();
		// The shutdown hook closes the parts in order: give it time.
		ChildJvm stack = new ChildJvm("The local stack", start(builder, log), Duration.ofSeconds(60),
				URI.create("http://127.0.0.1:" + gatewayPort), "127.0.0.1:" + kafkaPort, jwtSecret);
		// Minutes on a loaded machine: a stack starts a broker, a PostgreSQL and two Spring contexts.
		stack.awaitReady("/actuator/health", (r) -> r.statusCode() == 200 && r.body().contains("\"UP\""),
				Duration.ofMinutes(5), log);
		logger.info("Local stack up in {} ms: gateway {}, Kafka {}, PostgreSQL {} (log {})",
				Duration.ofNanos(System.nanoTime() - started).toMillis(), stack.base, stack.kafka, jdbcUrl, log);
		return stack;
	}

	static ChildJvm baseline(String mode, String jdbcUrl, String user, String password, Path log,
			List<String> extraArgs) throws IOException, InterruptedException {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(java(), "-Xms256m", "-Xmx1g", "-cp",
				System.getProperty("java.class.path"), "com.clinicbilling.benchmarks.baseline.SeedBaselineApplication",
				"--server.port=" + port, "--baseline.mode=" + mode, "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=" + user, "--spring.datasource.password=" + password));
		command.addAll(extraArgs);
		ChildJvm baseline = new ChildJvm("The seed baseline", start(new ProcessBuilder(command), log),
				Duration.ofSeconds(15), URI.create("http://127.0.0.1:" + port), null, null);
		baseline.awaitReady("/bench/ready", (r) -> r.statusCode() == 200, Duration.ofSeconds(90), log);
		logger.info("Seed baseline '{}' ready on {} (log {})", mode, baseline.base, log);
		return baseline;
	}

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	long pid() {
		return this.process.pid();
	}

	/** Calls one of the baseline's bench endpoints (slow neighbour on and off). */
	void call(String method, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(this.base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
					+ response.body());
		}
	}

	private static Process start(ProcessBuilder builder, Path log) throws IOException {
		return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** Polls {@code path} until an answer passes {@code ready}; stops the JVM and fails when it exits or times out. */
	private void awaitReady(String path, Predicate<HttpResponse<String>> ready, Duration timeout, Path log)
			throws InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue() + "; see " + log);
			}
			try {
				if (ready.test(client.send(HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString()))) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		close();
		throw new IllegalStateException(this.name + " was not ready within " + timeout + "; see " + log);
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	/** SIGTERM, so shutdown hooks run; SIGKILL after the grace period. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(this.stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("{} did not stop within {}; killing it", this.name, this.stopGrace);
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
