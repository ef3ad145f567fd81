package com.clinicbilling.benchmarks.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event stream read as a browser's EventSource reads it, noting when its first event and its
 * final event arrived ({@link System#nanoTime()}) and how many heartbeat comments it got.
 */
final class BenchStream implements Flow.Subscriber<String> {

	final String requestId;

	private final AtomicInteger heartbeats = new AtomicInteger();

	private volatile int statusCode;

	private volatile long firstEventAt;

	private volatile long finalEventAt;

	private volatile boolean ended;

	private volatile Flow.Subscription subscription;

	private String eventName;

	private String data;

	private BenchStream(String requestId) {
		this.requestId = requestId;
	}

	static BenchStream open(HttpClient http, URI gateway, String token, String requestId) {
		BenchStream stream = new BenchStream(requestId);
		HttpRequest request = HttpRequest
			.newBuilder(gateway.resolve("/v1/invoice-requests/" + requestId + "/events"))
			.header("Accept", "text/event-stream")
			.header("Authorization", "Bearer " + token)
			.build();
		http.sendAsync(request, (info) -> {
			stream.statusCode = info.statusCode();
			return HttpResponse.BodySubscribers.fromLineSubscriber(stream);
		}).whenComplete((response, failure) -> stream.ended = true);
		return stream;
	}

	boolean hasFirstEvent() {
		return this.firstEventAt != 0;
	}

	boolean hasFinalEvent() {
		return this.finalEventAt != 0;
	}

	long finalEventAt() {
		return this.finalEventAt;
	}

	int heartbeats() {
		return this.heartbeats.get();
	}

	int statusCode() {
		return this.statusCode;
	}

	boolean ended() {
		return this.ended;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(String line) {
		if (line.startsWith(":")) {
			this.heartbeats.incrementAndGet();
		}
		else if (line.startsWith("event:")) {
			this.eventName = line.substring(6).strip();
		}
		else if (line.startsWith("data:")) {
			this.data = line.substring(5);
		}
		else if (line.isEmpty() && this.data != null) {
			onEvent(this.eventName, this.data);
			this.eventName = null;
			this.data = null;
		}
	}

	private void onEvent(String name, String json) {
		long now = System.nanoTime();
		if (!"status".equals(name)) {
			return;
		}
		if (this.firstEventAt == 0) {
			this.firstEventAt = now;
		}
		if (!json.contains("\"status\":\"PENDING\"") && this.finalEventAt == 0) {
			this.finalEventAt = now;
		}
	}

	@Override
	public void onError(Throwable throwable) {
		this.ended = true;
	}

	@Override
	public void onComplete() {
		this.ended = true;
	}

	/** Drops the connection, as a closed browser tab does. */
	void close() {
		Flow.Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
	}

}
