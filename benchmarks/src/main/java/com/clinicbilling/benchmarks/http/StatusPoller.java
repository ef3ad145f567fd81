package com.clinicbilling.benchmarks.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows accepted requests to their final status with {@code GET /v1/invoice-requests/{id}}, as
 * a client would, every {@link #INTERVAL} (finer than the contract's Retry-After of 1 s, so the
 * measured end-to-end latency is within 100 ms of the truth). Bounded: each request is followed
 * for at most the given time-out.
 */
final class StatusPoller implements AutoCloseable {

	static final Duration INTERVAL = Duration.ofMillis(100);

	/** The request state, whatever else the body holds (the invoice's status is OPEN or PAID). */
	private static final Pattern STATE = Pattern.compile("\"status\"\\s*:\\s*\"(PENDING|CREATED|DUPLICATE|REJECTED)\"");

	private final HttpClient client;

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, (r) -> {
		Thread thread = new Thread(r, "bench-status-poller");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicInteger following = new AtomicInteger();

	StatusPoller(HttpClient client) {
		this.client = client;
	}

	/**
	 * @param startNanos when the request started (or was meant to), for the latency
	 */
	void follow(URI status, String token, long startNanos, Duration timeout, LoadResult result) {
		this.following.incrementAndGet();
		long deadline = System.nanoTime() + timeout.toNanos();
		schedule(new Follow(status, token, startNanos, deadline, result));
	}

	private record Follow(URI status, String token, long startNanos, long deadline, LoadResult result) {
	}

	private void schedule(Follow follow) {
		this.scheduler.schedule(() -> poll(follow), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void poll(Follow follow) {
		HttpRequest.Builder request = HttpRequest.newBuilder(follow.status()).timeout(Duration.ofSeconds(10)).GET();
		if (follow.token() != null) {
			request.header("Authorization", "Bearer " + follow.token());
		}
		this.client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, ex) -> {
			long now = System.nanoTime();
			String state = (response != null && response.statusCode() == 200) ? state(response.body()) : null;
			if (state != null && !state.equals("PENDING")) {
				follow.result().endToEnd.recordNanos(now - follow.startNanos());
				this.following.decrementAndGet();
			}
			else if (now > follow.deadline()) {
				follow.result().endToEndTimeouts.increment();
				this.following.decrementAndGet();
			}
			else {
				schedule(follow);
			}
		});
	}

	static String state(String body) {
		Matcher matcher = STATE.matcher(body);
		return matcher.find() ? matcher.group(1) : null;
	}

	/** Waits until every followed request reached a final status or its time-out. */
	void awaitAll(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.following.get() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(50);
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
