package com.clinicbilling.benchmarks.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.clinicbilling.benchmarks.report.Arguments;

/**
 * Settings of the HTTP benchmark, from {@code --name=value} arguments, with the scenarios
 * as defaults. Every run is bounded in requests and time.
 *
 * @param stackJar the local stack to start (twice: on PostgreSQL directly, then through the delay)
 * @param burstRequests submissions of the burst; {@code burstClients} clients send them
 * @param rates open-loop arrival rates (requests per second), each for {@code rateDuration}
 * @param neighbourConnections connections the slow neighbour holds, each in transactions of
 * {@code neighbourHold}, during an open-loop run at {@code neighbourRate} for {@code rateDuration}
 * @param delay added to each direction between an application and PostgreSQL in the delay scenario
 * @param delayRates the open-loop rates of the delay scenario, each for {@code rateDuration}
 * @param maxInFlight open-loop requests without an answer beyond which a request is not sent
 * @param followedPerSecond accepted requests per second of an open-loop run followed to their
 * final status (all of a burst's are)
 * @param kafkaDuration how long Kafka's ProducerPerformance runs at each of {@code rates}
 * @param kafkaUnthrottledRecords records of its unthrottled run
 * @param profileRate the open-loop rate of the pipeline's profiled run (after the measured ones)
 * @param profileSettings the flight recorder settings of that run
 * @param targets which of "gateway", "before", "after" to load
 * @param logDir where the stacks' and baselines' logs and the stacks' data folders go
 */
record HttpOptions(boolean quick, Path stackJar, int burstRequests, int burstClients, List<Integer> rates,
		Duration rateDuration, int neighbourConnections, Duration neighbourHold, int neighbourRate, Duration delay, List<Integer> delayRates,
		int maxInFlight, int followedPerSecond, Duration kafkaDuration, long kafkaUnthrottledRecords,
		int profileRate, Path profileSettings, List<String> targets, Path output, Path logDir, String command) {

	static HttpOptions parse(String[] args) {
		Arguments values = Arguments.parse(args);
		boolean quick = values.flag("quick");
		Path output = Path.of(values.text("output", "BENCHMARKS.md")).toAbsolutePath();
		Duration rateDuration = Duration.ofSeconds(values.integer("rate-seconds", quick ? 3 : 60));
		HttpOptions options = new HttpOptions(quick,
				Path.of(values.text("stack-jar", "local-stack/target/local-stack.jar")).toAbsolutePath(),
				values.integer("burst-requests", quick ? 200 : 2_000), values.integer("burst-clients", quick ? 40 : 200),
				values.integers("rates", quick ? "250" : "250,500,1000,2000"),
				rateDuration, values.integer("neighbour-connections", 8),
				Duration.ofMillis(values.integer("neighbour-hold-millis", 5_000)),
				values.integer("neighbour-rate", quick ? 250 : 500),
				Duration.ofNanos(1_000L * values.integer("delay-micros", 1_000)),
				values.integers("delay-rates", quick ? "250" : "500,1000"), values.integer("max-in-flight", 4_000),
				values.integer("followed-per-second", 50),
				Duration.ofSeconds(values.integer("kafka-seconds", quick ? 3 : (int) Math.min(10, rateDuration.toSeconds()))),
				values.integer("kafka-unthrottled-records", quick ? 20_000 : 200_000),
				values.integer("profile-rate", 250),
				Path.of(values.text("profile-settings",
						output.getParent().resolve("benchmarks/src/main/jfr/http.jfc").toString())),
				List.of(values.text("targets", "gateway,before,after").split(",")), output,
				Path.of(values.text("log-dir", "benchmarks/target")).toAbsolutePath(),
				values.text("command", "benchmarks/run.sh http" + (quick ? " --quick" : "")));
		options.validate();
		return options;
	}

	private void validate() {
		if (this.burstRequests < 1 || this.burstClients < 1 || this.rates.stream().anyMatch((r) -> r < 1)
				|| this.delayRates.stream().anyMatch((r) -> r < 1)) {
			throw new IllegalArgumentException("--burst-requests, --burst-clients, --rates and --delay-rates must be positive");
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

}
