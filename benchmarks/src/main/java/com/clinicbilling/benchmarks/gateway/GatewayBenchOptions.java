package com.clinicbilling.benchmarks.gateway;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of the gateway benchmark, from {@code --name=value} arguments. It runs against a local
 * stack started with {@code java -jar local-stack/target/local-stack.jar}; every part is bounded in
 * requests and time.
 *
 * @param gateway the stack's gateway
 * @param bootstrap the stack's Kafka, where status events are published as the worker would
 * @param secret the stack's HS256 secret ({@code --data=<INVOICE_LOCAL_DATA>} reads
 * {@code dev-jwt-secret} there, or {@code --secret=})
 * @param metricsPassword the gateway's scrape password ({@code dev-metrics-password} in the data folder,
 * or {@code --metrics-password=}); null when neither is there (the probe's JVM numbers are then missing)
 * @param parts which of "sse", "accept", "hold" to run
 * @param sseStreams streams of each SSE latency round
 * @param ssePaceMillis gap between two published final statuses in the paced round
 * @param rate open-loop submissions per second
 * @param seconds length of the measured open-loop run; {@code warmupSeconds} of it run before, unmeasured
 * @param holdStreams streams held open at once in the capacity part, for {@code holdSeconds}
 * @param stackPid the stack's process id, when known: heap is then measured after a {@code jcmd GC.run}
 */
record GatewayBenchOptions(URI gateway, String bootstrap, String secret, String metricsPassword, List<String> parts, int sseStreams,
		int ssePaceMillis, int rate, int seconds, int warmupSeconds, int holdStreams, int holdSeconds, String stackPid) {

	static GatewayBenchOptions parse(String[] args) throws IOException {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
			}
			values.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		Path data = Path.of(values.getOrDefault("data", ".local-data"));
		String secret = values.get("secret");
		if (secret == null) {
			secret = Files.readString(data.resolve("dev-jwt-secret"), StandardCharsets.UTF_8).trim();
		}
		String metricsPassword = values.get("metrics-password");
		Path metricsFile = data.resolve("dev-metrics-password");
		if (metricsPassword == null && Files.exists(metricsFile)) {
			metricsPassword = Files.readString(metricsFile, StandardCharsets.UTF_8).trim();
		}
		return new GatewayBenchOptions(URI.create(values.getOrDefault("gateway", "http://127.0.0.1:8080")),
				values.getOrDefault("bootstrap", "127.0.0.1:19092"), secret, metricsPassword,
				List.of(values.getOrDefault("parts", "sse,accept,hold").split(",")), integer(values, "sse-streams", 200),
				integer(values, "sse-pace-millis", 20), integer(values, "rate", 1_000), integer(values, "seconds", 20),
				integer(values, "warmup-seconds", 5), integer(values, "hold-streams", 2_000),
				integer(values, "hold-seconds", 25), values.get("stack-pid"));
	}

	private static int integer(Map<String, String> values, String name, int defaultValue) {
		String value = values.get(name);
		return (value == null) ? defaultValue : Integer.parseInt(value.trim());
	}

}
