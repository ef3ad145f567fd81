package com.clinicbilling.benchmarks.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accept latency of {@code POST /v1/invoices} under an open-loop arrival rate: request i is due at
 * {@code start + i / rate} whether or not earlier ones were answered, and its latency counts from
 * when it was due, so a stalled gateway shows as latency instead of as fewer requests (no
 * coordinated omission). Each request has its own key and amount, so no duplicate rule applies.
 */
final class AcceptLatency {

	private static final Logger logger = LoggerFactory.getLogger(AcceptLatency.class);

	/** Beyond this many unanswered requests a due request is counted as not sent: the run stays bounded. */
	private static final int MAX_IN_FLIGHT = 5_000;

	private AcceptLatency() {
	}

	record Result(Histogram micros, Map<Integer, Integer> statuses, long failures, long notSent, double achievedRate) {
	}

	static Result run(HttpClient http, URI gateway, String token, int rate, int seconds) throws InterruptedException {
		ConcurrentHistogram micros = new ConcurrentHistogram(3);
		Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
		LongAdder failures = new LongAdder();
		AtomicInteger inFlight = new AtomicInteger();
		long notSent = 0;
		long total = (long) rate * seconds;
		long interval = TimeUnit.SECONDS.toNanos(1) / rate;
		// A fresh amount range per run: the same patient and amount within 2 minutes is a duplicate.
		long amountBase = ThreadLocalRandom.current().nextLong(1_000_000, 50_000_000);
		String run = UUID.randomUUID().toString().substring(0, 8);
		long start = System.nanoTime();
		for (long i = 0; i < total; i++) {
			long due = start + i * interval;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			if (inFlight.get() >= MAX_IN_FLIGHT) {
				notSent++;
				continue;
			}
			inFlight.incrementAndGet();
			http.sendAsync(request(gateway, token, "bench-accept-" + run + "-" + i, 101 + i % 10, amountBase + i),
					HttpResponse.BodyHandlers.discarding())
				.whenComplete((response, failure) -> {
					micros.recordValue(Math.max(0, (System.nanoTime() - due) / 1_000));
					inFlight.decrementAndGet();
					if (failure != null) {
						failures.increment();
					}
					else {
						statuses.merge(response.statusCode(), 1, Integer::sum);
					}
				});
		}
		long sendingNanos = System.nanoTime() - start;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (inFlight.get() > 0 && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(10);
		}
		double achieved = (total - notSent) / (sendingNanos / 1e9);
		logger.info("Open loop at {}/s for {} s: {} sent at {}/s, statuses {}, {} failed, {} not sent, {} unanswered",
				rate, seconds, total - notSent, Math.round(achieved), statuses, failures.sum(), notSent, inFlight.get());
		return new Result(micros, Map.copyOf(statuses), failures.sum(), notSent, achieved);
	}

	private static HttpRequest request(URI gateway, String token, String key, long patientId, long amount) {
		String body = "{\"patientId\": " + patientId + ", \"currency\": \"usd\", \"lineItems\": "
				+ "[{\"description\": \"Bench visit\", \"unitAmount\": " + amount + ", \"quantity\": 1}]}";
		return HttpRequest.newBuilder(gateway.resolve("/v1/invoices"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

}
