package com.clinicbilling.benchmarks.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.clinicbilling.benchmarks.report.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Settings of the HTTP benchmark, with the scenarios as defaults. Every run is bounded in
 * requests and time. Options without a value here default by {@code --quick}.
 */
@Command(name = "benchmarks/run.sh http", mixinStandardHelpOptions = true, sortOptions = false,
		description = "HTTP load on the local stack and the seed baselines, and this machine's ceilings.")
final class HttpOptions extends CommandLines.Scaled {

	@Mixin
	LocalStackOptions stack;

	@Option(names = "--burst-requests", description = "submissions of the burst (2000; quick 200)")
	Integer burstRequests;

	@Option(names = "--burst-clients", description = "clients sending the burst (200; quick 40)")
	Integer burstClients;

	@Option(names = "--rates", split = ",", description = "open-loop arrival rates, requests/s (250,500,1000,2000; quick 250)")
	List<Integer> rates;

	@Option(names = "--rate-seconds", description = "how long each open-loop rate runs (60; quick 3)")
	Integer rateSeconds;

	@Option(names = "--neighbour-connections", defaultValue = "8",
			description = "connections the slow neighbour holds (1-10; the pool is 10); default ${DEFAULT-VALUE}")
	int neighbourConnections;

	@Option(names = "--neighbour-hold-millis", defaultValue = "5000",
			description = "length of each of the neighbour's transactions; default ${DEFAULT-VALUE}")
	int neighbourHoldMillis;

	@Option(names = "--neighbour-rate", description = "the open-loop rate beside the slow neighbour (500; quick 250)")
	Integer neighbourRate;

	@Option(names = "--delay-micros", defaultValue = "1000",
			description = "added to each direction between an application and PostgreSQL; default ${DEFAULT-VALUE}")
	int delayMicros;

	@Option(names = "--delay-rates", split = ",", description = "open-loop rates of the delay scenario (500,1000; quick 250)")
	List<Integer> delayRates;

	@Option(names = "--max-in-flight", defaultValue = "4000",
			description = "open-loop requests without an answer beyond which a request is not sent; default ${DEFAULT-VALUE}")
	int maxInFlight;

	@Option(names = "--followed-per-second", defaultValue = "50",
			description = "accepted requests/s of an open-loop run followed to their final status; default ${DEFAULT-VALUE}")
	int followedPerSecond;

	@Option(names = "--kafka-seconds", description = "how long Kafka's ProducerPerformance runs at each rate "
			+ "(--rate-seconds, at most 10; quick 3)")
	Integer kafkaSeconds;

	@Option(names = "--kafka-unthrottled-records", description = "records of its unthrottled run (200000; quick 20000)")
	Integer kafkaUnthrottledRecords;

	@Option(names = "--profile-rate", defaultValue = "250",
			description = "the open-loop rate of the pipeline's profiled run; default ${DEFAULT-VALUE}")
	int profileRate;

	@Option(names = "--profile-settings", description = "flight recorder settings of that run "
			+ "(benchmarks/src/main/jfr/http.jfc beside --output)")
	Path profileSettings;

	@Option(names = "--targets", split = ",", defaultValue = "gateway,before,after",
			description = "which of gateway, before, after to load; default ${DEFAULT-VALUE}")
	List<String> targets;

	@Override
	public void check() {
		this.burstRequests = this.quick.or(this.burstRequests, 2_000, 200);
		this.burstClients = this.quick.or(this.burstClients, 200, 40);
		this.rates = this.quick.or(this.rates, List.of(250, 500, 1000, 2000), List.of(250));
		this.rateSeconds = this.quick.or(this.rateSeconds, 60, 3);
		this.neighbourRate = this.quick.or(this.neighbourRate, 500, 250);
		this.delayRates = this.quick.or(this.delayRates, List.of(500, 1000), List.of(250));
		this.kafkaSeconds = this.quick.or(this.kafkaSeconds, Math.min(10, this.rateSeconds), 3);
		this.kafkaUnthrottledRecords = this.quick.or(this.kafkaUnthrottledRecords, 200_000, 20_000);
		if (this.profileSettings == null) {
			this.profileSettings = this.report.output().getParent().resolve("benchmarks/src/main/jfr/http.jfc");
		}
		if (this.burstRequests < 1 || this.burstClients < 1 || this.rates.stream().anyMatch((r) -> r < 1)
				|| this.delayRates.stream().anyMatch((r) -> r < 1)) {
			throw new IllegalArgumentException("--burst-requests, --burst-clients, --rates and --delay-rates must be positive");
		}
		if (this.rateSeconds < 1 || this.rateSeconds > 600) {
			throw new IllegalArgumentException("--rate-seconds must be 1-600, was " + this.rateSeconds);
		}
		if (this.neighbourConnections < 1 || this.neighbourConnections > 10) {
			throw new IllegalArgumentException("--neighbour-connections must be 1-10 (the pool is 10)");
		}
	}

	Duration rateDuration() {
		return Duration.ofSeconds(this.rateSeconds);
	}

	Duration neighbourHold() {
		return Duration.ofMillis(this.neighbourHoldMillis);
	}

	Duration delay() {
		return Duration.ofNanos(1_000L * this.delayMicros);
	}

	Duration kafkaDuration() {
		return Duration.ofSeconds(this.kafkaSeconds);
	}

	boolean wants(String target) {
		return this.targets.contains(target);
	}

}
