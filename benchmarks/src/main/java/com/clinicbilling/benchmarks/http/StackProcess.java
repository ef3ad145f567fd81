package com.clinicbilling.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local stack as a newcomer starts it ({@code java -jar local-stack.jar}) in a process of its
 * own, on free ports and a fresh data folder, with its worker writing to the benchmark's
 * PostgreSQL through {@code jdbcUrl} (directly, or through a delaying proxy).
 */
final class StackProcess implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(StackProcess.class);

	// Generous: on a shared, loaded machine a start has taken over five minutes.
	private static final Duration READY_TIMEOUT = Duration.ofMinutes(10);

	private final Process process;

	final URI gateway;

	final String kafka;

	final String jwtSecret;

	private StackProcess(Process process, URI gateway, String kafka, String jwtSecret) {
		this.process = process;
		this.gateway = gateway;
		this.kafka = kafka;
		this.jwtSecret = jwtSecret;
	}

	static StackProcess start(Path jar, String jdbcUrl, Path dataDir, Path log) throws IOException, InterruptedException {
		return start(jar, jdbcUrl, dataDir, log, Map.of());
	}

	/** @param environment more settings of the stack, e.g. {@code INVOICE_WORKER_LANES_PRIORITY} */
	static StackProcess start(Path jar, String jdbcUrl, Path dataDir, Path log, Map<String, String> environment)
			throws IOException, InterruptedException {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("No local stack jar at " + jar
					+ ": build it with ./mvnw -q -pl local-stack -am package -DskipTests (benchmarks/run.sh does)");
		}
		deleteRecursively(dataDir);
		int gatewayPort = ChildJvm.freePort();
		int kafkaPort = ChildJvm.freePort();
		byte[] secret = new byte[48];
		new SecureRandom().nextBytes(secret);
		String jwtSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		ProcessBuilder builder = new ProcessBuilder(ChildJvm.java(),
				"-Xms1g", "-Xmx3g", "-jar", jar.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment()
			.putAll(Map.of("SERVER_PORT", Integer.toString(gatewayPort), "INVOICE_WORKER_PORT",
					Integer.toString(ChildJvm.freePort()), "INVOICE_LOCAL_PG_PORT", Integer.toString(ChildJvm.freePort()),
					"INVOICE_LOCAL_KAFKA_PORT", Integer.toString(kafkaPort), "INVOICE_LOCAL_DATA", dataDir.toString(),
					"INVOICE_JWT_SECRET", jwtSecret, "INVOICE_LOCAL_DB_URL", jdbcUrl));
		builder.environment().putAll(environment);
		long started = System.nanoTime();
		StackProcess stack = new StackProcess(builder.start(), URI.create("http://127.0.0.1:" + gatewayPort),
				"127.0.0.1:" + kafkaPort, jwtSecret);
		ChildJvm.awaitReady(stack.process, stack.gateway.resolve("/actuator/health"),
				(response) -> response.statusCode() == 200 && response.body().contains("\"UP\""), READY_TIMEOUT,
				"The local stack", log);
		logger.info("Local stack up in {} ms: gateway {}, Kafka {}, PostgreSQL {} (log {})",
				Duration.ofNanos(System.nanoTime() - started).toMillis(), stack.gateway, stack.kafka, jdbcUrl, log);
		return stack;
	}

	long pid() {
		return this.process.pid();
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

	/** Stops it as Ctrl-C would (its shutdown hook closes the parts in order), forcibly after 60 s. */
	@Override
	public void close() {
		ChildJvm.stop(this.process, Duration.ofSeconds(60), "The local stack");
	}

}
