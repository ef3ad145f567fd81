package com.clinicbilling.benchmarks.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import com.clinicbilling.schemas.RequestStatus;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publish-to-event latency of the push path: a final status written to {@code invoice.request-status}
 * (as the worker writes it) until the open stream of its request has received it. Both ends are in
 * this process, so one {@link System#nanoTime()} clock measures them.
 */
final class SseDeliveryLatency {

	private static final Logger logger = LoggerFactory.getLogger(SseDeliveryLatency.class);

	private SseDeliveryLatency() {
	}

	/** @param paceMillis gap between two publications; 0 publishes all at once */
	static Histogram run(HttpClient http, URI gateway, String token, StatusPublisher publisher, GatewayProbe probe,
			int streams, int paceMillis) throws Exception {
		List<RequestStatus> pending = publisher.pending(streams, "sse");
		probe.awaitKnown(pending, Duration.ofSeconds(60));
		List<BenchStream> open = new ArrayList<>(streams);
		for (RequestStatus status : pending) {
			open.add(BenchStream.open(http, gateway, token, status.getRequestId()));
		}
		await(open, BenchStream::hasFirstEvent, Duration.ofSeconds(60), "first event");
		long[] publishedAt = new long[streams];
		for (int i = 0; i < streams; i++) {
			RequestStatus created = StatusPublisher.created(pending.get(i));
			publishedAt[i] = System.nanoTime();
			publisher.publish(created);
			if (paceMillis > 0) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(paceMillis));
			}
		}
		publisher.flush();
		int missing = await(open, BenchStream::hasFinalEvent, Duration.ofSeconds(30), "final event");
		Histogram micros = new Histogram(3);
		for (int i = 0; i < streams; i++) {
			if (open.get(i).hasFinalEvent()) {
				micros.recordValue(Math.max(0, (open.get(i).finalEventAt() - publishedAt[i]) / 1_000));
			}
		}
		open.forEach(BenchStream::close);
		logger.info("SSE delivery ({}): {} streams, {} without their final event", (paceMillis > 0)
				? "one final status every " + paceMillis + " ms" : "all final statuses at once", streams, missing);
		return micros;
	}

	/** @return how many streams did not get there in time */
	static int await(List<BenchStream> streams, Predicate<BenchStream> condition, Duration timeout,
			String what) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		long missing;
		while ((missing = streams.stream().filter(condition.negate()).count()) > 0 && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(20);
		}
		if (missing > 0) {
			logger.warn("{} of {} streams without their {} after {} s", missing, streams.size(), what,
					timeout.toSeconds());
		}
		return (int) missing;
	}

}
