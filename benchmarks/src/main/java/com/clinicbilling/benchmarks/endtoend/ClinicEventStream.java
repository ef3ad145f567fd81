package com.clinicbilling.benchmarks.endtoend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clinic's event stream ({@code GET /v1/invoice-requests/events}) read as a browser page reads
 * it: when each request's final status arrived ({@link System#nanoTime()}), by request id. One
 * stream sees every request of the clinic, so following them costs the gateway no request each.
 */
final class ClinicEventStream implements Flow.Subscriber<String> {

	private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");

	private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");

	private final Map<String, Long> finalAt = new ConcurrentHashMap<>();

	private volatile boolean ready;

	private volatile Flow.Subscription subscription;

	private String eventName;

	private String data;

	static ClinicEventStream open(HttpClient http, URI gateway, String token) {
		ClinicEventStream stream = new ClinicEventStream();
		HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/invoice-requests/events"))
			.header("Accept", "text/event-stream")
			.header("Authorization", "Bearer " + token)
			.build();
		http.sendAsync(request, (info) -> HttpResponse.BodySubscribers.fromLineSubscriber(stream));
		return stream;
	}

	boolean isReady() {
		return this.ready;
	}

	/** @return when the request's final status arrived, or null */
	Long finalAt(String requestId) {
		return this.finalAt.get(requestId);
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(String line) {
		if (line.startsWith("event:")) {
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
		if ("ready".equals(name)) {
			this.ready = true;
			return;
		}
		Matcher requestId = REQUEST_ID.matcher(json);
		Matcher status = STATUS.matcher(json);
		if (requestId.find() && status.find() && !"PENDING".equals(status.group(1))) {
			this.finalAt.putIfAbsent(requestId.group(1), now);
		}
	}

	@Override
	public void onError(Throwable throwable) {
		this.ready = false;
	}

	@Override
	public void onComplete() {
		this.ready = false;
	}

	void close() {
		Flow.Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
	}

}
