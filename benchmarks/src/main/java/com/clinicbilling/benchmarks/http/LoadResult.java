package com.clinicbilling.benchmarks.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one scenario did to one target: answers by outcome, accept latency (request to answer; for
 * open-loop runs from the request's intended start, so a stalled client does not hide a stalled
 * server) and end-to-end latency (request to final status).
 */
final class LoadResult {

	final String target;

	String scenario;

	final Latencies accept = new Latencies();

	final Latencies serviceTime = new Latencies();

	final Latencies endToEnd = new Latencies();

	/** Pipeline only: until the worker published the final status (see LoadGenerator.statusPublished). */
	final Latencies statusPublished = new Latencies();

	final LongAdder endToEndTimeouts = new LongAdder();

	private final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();

	long planned;

	long elapsedNanos;

	/** Seen from PostgreSQL (see DatabaseWindow); -1 and NaN when not measured. */
	int peakConnections = -1;

	long invoicesCommitted;

	double committedPerSecond = Double.NaN;

	LoadResult(String target, String scenario) {
		this.target = target;
		this.scenario = scenario;
	}

	/** Names the scenario as the report shows it. */
	LoadResult withScenario(String label) {
		this.scenario = label;
		return this;
	}

	void outcome(String outcome) {
		this.outcomes.computeIfAbsent(outcome, (k) -> new LongAdder()).increment();
	}

	long count(String outcome) {
		LongAdder adder = this.outcomes.get(outcome);
		return (adder != null) ? adder.sum() : 0;
	}

	long total() {
		return this.outcomes.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/** Outcomes, most frequent first, e.g. "202: 1990, 503: 10". */
	String outcomes() {
		Map<String, Long> sorted = new TreeMap<>();
		this.outcomes.forEach((k, v) -> sorted.put(k, v.sum()));
		StringBuilder out = new StringBuilder();
		sorted.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach((e) -> out.append((out.length() == 0) ? "" : ", ").append(e.getKey()).append(": ").append(e.getValue()));
		return out.toString();
	}

}
