package com.clinicbilling.benchmarks.http;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of the HTTP benchmark, from {@code --name=value} arguments, with the scenarios
 * as defaults. Every run is bounded in requests and time.
 *
 * @param gateway the local stack's gateway; skipped when it does not answer {@code /actuator/health}
 * @param stackKafka the local stack's Kafka, to wait for the worker's backlog between scenarios
 * @param stackJdbcUrl the local stack's PostgreSQL, used by the baselines when reachable; otherwise
 * the benchmark starts its own with the worker's schema and the demo data
 * @param secretFile the stack's HS256 secret ({@code .local-data/dev-jwt-secret}), unless
 * {@code INVOICE_JWT_SECRET} or {@code --token} is given
 * @param burstRequests submissions of the burst; {@code burstClients} clients send them
 * @param rates open-loop arrival rates (requests per second), each for {@code rateDuration}
 * @param neighbourConnections connections the slow neighbour holds, each in transactions of
 * {@code neighbourHold}
 * @param delay added to each direction between a baseline and PostgreSQL in the delay scenario
 * @param delayRate the open-loop rate of the delay scenario, for {@code rateDuration}
 * @param maxInFlight open-loop requests without an answer beyond which a request is not sent
 * @param followedPerSecond accepted requests per second of an open-loop run followed to their
 * final status (all of a burst's are)
 * @param targets which of "gateway", "before", "after" to load
 * @param logDir where the baselines' logs go
 */
record HttpOptions(boolean quick, URI gateway, String stackKafka, String stackJdbcUrl, Path secretFile, String token,
		int burstRequests, int burstClients, List<Integer> rates, Duration rateDuration, int neighbourConnections,
		Duration neighbourHold, Duration delay, int delayRate, int maxInFlight, int followedPerSecond,
		List<String> targets, Path output, Path logDir, String command) {

	static HttpOptions parse(String[] args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Unknown argument '" + arg + "': expected --name or --name=value");
			}
			int equals = arg.indexOf('=');
			values.put((equals < 0) ? arg.substring(2) : arg.substring(2, equals),
					(equals < 0) ? "true" : arg.substring(equals + 1));
		}
		boolean quick = Boolean.parseBoolean(values.getOrDefault("quick", "false"));
		Path output = Path.of(values.getOrDefault("output", "BENCHMARKS.md")).toAbsolutePath();
		HttpOptions options = new HttpOptions(quick, URI.create(values.getOrDefault("gateway", "http://127.0.0.1:8080")),
				values.getOrDefault("stack-kafka", "127.0.0.1:19092"),
				values.getOrDefault("stack-jdbc-url", "jdbc:postgresql://127.0.0.1:15432/invoice"),
				Path.of(values.getOrDefault("secret-file",
						output.getParent().resolve(".local-data").resolve("dev-jwt-secret").toString())),
				values.get("token"), integer(values, "burst-requests", quick ? 300 : 2_000),
				integer(values, "burst-clients", quick ? 50 : 200),
				Arrays.stream(values.getOrDefault("rates", quick ? "250,500" : "250,500,1000,2000").split(","))
					.map(String::trim)
					.map(Integer::valueOf)
					.toList(),
				Duration.ofSeconds(integer(values, "rate-seconds", quick ? 5 : 60)),
				integer(values, "neighbour-connections", 8),
				Duration.ofMillis(integer(values, "neighbour-hold-millis", 5_000)),
				Duration.ofNanos(1_000L * integer(values, "delay-micros", 1_000)),
				integer(values, "delay-rate", quick ? 500 : 1_000),
				integer(values, "max-in-flight", 4_000), integer(values, "followed-per-second", 50),
				List.of(values.getOrDefault("targets", "gateway,before,after").split(",")), output,
				Path.of(values.getOrDefault("log-dir", "benchmarks/target")).toAbsolutePath(),
				values.getOrDefault("command", "benchmarks/run.sh http" + (quick ? " --quick" : "")));
		options.validate();
		return options;
	}

	private void validate() {
		if (this.burstRequests < 1 || this.burstClients < 1 || this.rates.stream().anyMatch((r) -> r < 1)) {
			throw new IllegalArgumentException("--burst-requests, --burst-clients and --rates must be positive");
		}
		if (this.rateDuration.isZero() || this.rateDuration.toSeconds() > 600) {
			throw new IllegalArgumentException("--rate-seconds must be 1-600, was " + this.rateDuration.toSeconds());
		}
		if (this.neighbourConnections < 1 || this.neighbourConnections > 10) {
			throw new IllegalArgumentException("--neighbour-connections must be 1-10 (the pool is 10)");
		}
	}

	boolean wants(String target) {
		return this.targets.contains(target);
	}

	private static int integer(Map<String, String> values, String name, int fallback) {
		String value = values.get(name);
		try {
			return (value != null) ? Integer.parseInt(value) : fallback;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'", ex);
		}
	}

}
