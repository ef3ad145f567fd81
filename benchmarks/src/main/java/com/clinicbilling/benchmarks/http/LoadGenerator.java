package com.clinicbilling.benchmarks.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;

/**
 * Closed-loop bursts (N clients, each sending its next request when the previous one is answered)
 * and open-loop constant arrival rates (requests start on a fixed schedule whatever the answers,
 * and latency is measured from the scheduled start, so a slow server cannot slow the clock down:
 * no coordinated omission). Every run is bounded in requests and in time.
 */
final class LoadGenerator implements AutoCloseable {

	static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

	static final Duration FOLLOW_TIMEOUT = Duration.ofSeconds(60);

	private final ExecutorService executor = Executors.newFixedThreadPool(8, (r) -> {
		Thread thread = new Thread(r, "bench-http");
		thread.setDaemon(true);
		return thread;
	});

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.executor(this.executor)
		.build();

	private final StatusPoller poller = new StatusPoller(this.client);

	private final AvroSerde<RequestStatus> statusSerde = AvroSerde.requestStatus();

	/** Requests followed on the status topic (a pipeline target only), by request id. */
	private final Map<String, Followed> onStatusTopic = new ConcurrentHashMap<>();

	private volatile boolean watchingStatusTopic;

	private record Followed(long startNanos, LoadResult result) {
	}

	/**
	 * Splits the pipeline's end-to-end latency: while set, records when a followed request's final
	 * status was published by the worker (fed by a {@code StatusWatcher}); the rest, up to the
	 * moment a client's GET shows it, is the gateway's status view catching up.
	 */
	void watchStatusTopic(boolean watching) {
		this.watchingStatusTopic = watching;
		this.onStatusTopic.clear();
	}

	void statusPublished(String requestId, byte[] status) {
		Followed followed = this.onStatusTopic.get(requestId);
		if (followed != null && this.statusSerde.decode(status).getState() != RequestState.PENDING) {
			followed.result().statusPublished.recordNanos(System.nanoTime() - followed.startNanos());
			this.onStatusTopic.remove(requestId);
		}
	}

	/** {@code clients} threads share {@code requests} submissions. */
	LoadResult burst(HttpTarget target, Submissions submissions, String scenario, int clients, int requests)
			throws InterruptedException {
		LoadResult result = new LoadResult(target.name(), scenario);
		result.planned = requests;
		AtomicInteger next = new AtomicInteger();
		List<Thread> threads = new ArrayList<>();
		long started = System.nanoTime();
		for (int c = 0; c < clients; c++) {
			Thread thread = new Thread(() -> {
				for (int n = next.getAndIncrement(); n < requests; n = next.getAndIncrement()) {
					long start = System.nanoTime();
					try {
						HttpResponse<String> response = this.client.send(request(target, submissions),
								HttpResponse.BodyHandlers.ofString());
						answered(target, result, response, start, start);
					}
					catch (IOException ex) {
						result.outcome(failure(ex));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						return;
					}
				}
			}, "bench-client-" + c);
			thread.setDaemon(true);
			threads.add(thread);
			thread.start();
		}
		for (Thread thread : threads) {
			thread.join(REQUEST_TIMEOUT.toMillis() * 2 + requests * 100L);
		}
		result.elapsedNanos = System.nanoTime() - started;
		this.poller.awaitAll(FOLLOW_TIMEOUT);
		return result;
	}

	/**
	 * {@code rate} requests per second for {@code duration}; at most {@code maxInFlight} unanswered
	 * requests, beyond which a scheduled request is counted as "not sent" rather than queued.
	 * Every {@code followEvery}-th accepted request is followed to its final status.
	 */
	LoadResult constantRate(HttpTarget target, Submissions submissions, String scenario, int rate, Duration duration,
			int maxInFlight, int followEvery) throws InterruptedException {
		LoadResult result = new LoadResult(target.name(), scenario);
		long total = rate * duration.toSeconds();
		result.planned = total;
		long period = 1_000_000_000L / rate;
		long start = System.nanoTime() + 20_000_000L;
		AtomicInteger inFlight = new AtomicInteger();
		AtomicLong answered = new AtomicLong();
		for (long i = 0; i < total; i++) {
			long intended = start + i * period;
			for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			if (inFlight.get() >= maxInFlight) {
				result.outcome("not sent (" + maxInFlight + " in flight)");
				continue;
			}
			inFlight.incrementAndGet();
			long sent = System.nanoTime();
			boolean follow = (i % followEvery) == 0;
			this.client.sendAsync(request(target, submissions), HttpResponse.BodyHandlers.ofString())
				.whenComplete((response, ex) -> {
					if (response != null) {
						answered(target, result, follow ? response : null, intended, sent, response);
					}
					else {
						result.outcome(failure(ex));
					}
					inFlight.decrementAndGet();
					answered.incrementAndGet();
				});
		}
		long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos() + 5_000_000_000L;
		while (inFlight.get() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		result.elapsedNanos = System.nanoTime() - start;
		this.poller.awaitAll(FOLLOW_TIMEOUT);
		return result;
	}

	private void answered(HttpTarget target, LoadResult result, HttpResponse<String> response, long intended,
			long sent) {
		answered(target, result, response, intended, sent, response);
	}

	/** Records one answer; {@code followed} is the response to follow to its final status, or null. */
	private void answered(HttpTarget target, LoadResult result, HttpResponse<String> followed, long intended,
			long sent, HttpResponse<String> response) {
		long now = System.nanoTime();
		int status = response.statusCode();
		result.serviceTime.recordNanos(now - sent);
		result.outcome(Integer.toString(status));
		if (status != target.successStatus()) {
			return;
		}
		result.accept.recordNanos(now - intended);
		if (!target.pollsStatus()) {
			// A 201 from the synchronous route means the invoice is written: accepted is done.
			result.endToEnd.recordNanos(now - intended);
		}
		else if (followed != null) {
			URI location = response.headers().firstValue("Location").map(target.base()::resolve).orElse(null);
			if (location != null) {
				if (this.watchingStatusTopic) {
					String path = location.getPath();
					this.onStatusTopic.put(path.substring(path.lastIndexOf('/') + 1), new Followed(intended, result));
				}
				this.poller.follow(location, target.token(), intended, FOLLOW_TIMEOUT, result);
			}
		}
	}

	private HttpRequest request(HttpTarget target, Submissions submissions) {
		Submissions.Submission submission = submissions.next();
		HttpRequest.Builder request = HttpRequest.newBuilder(target.submitUri())
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", submission.idempotencyKey())
			.POST(HttpRequest.BodyPublishers.ofString(submission.body()));
		if (target.token() != null) {
			request.header("Authorization", "Bearer " + target.token());
		}
		return request.build();
	}

	private static String failure(Throwable ex) {
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		if (cause instanceof HttpTimeoutException) {
			return "no answer in " + REQUEST_TIMEOUT.toSeconds() + " s";
		}
		if (cause instanceof ConnectException) {
			return "connection refused";
		}
		return "I/O error (" + cause.getClass().getSimpleName() + ")";
	}

	@Override
	public void close() {
		this.poller.close();
		this.executor.shutdownNow();
	}

}
