package com.clinicbilling.benchmarks.endtoend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The clinic's event stream ({@code GET /v1/invoice-requests/events}) read as a browser page reads
 * it: when each request's final status arrived ({@link System#nanoTime()}), by request id. One
 * stream sees every request of the clinic, so following them costs the gateway no request each.
 */
final class ClinicEventStream {

	private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");

	private static final Pattern STATUS = Pattern.compile("\"status\":\"([A-Z]+)\"");

	private final Map<String, Long> finalAt = new ConcurrentHashMap<>();

	private volatile boolean ready;

	private volatile Stream<String> lines;

	private String eventName;

	private String data;

	static ClinicEventStream open(HttpClient http, URI gateway, String token) {
		ClinicEventStream stream = new ClinicEventStream();
		HttpRequest request = HttpRequest.newBuilder(gateway.resolve("/v1/invoice-requests/events"))
			.header("Accept", "text/event-stream")
			.header("Authorization", "Bearer " + token)
			.build();
		http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept((response) -> {
			// Its own thread: the client's executor sends the submissions.
			Thread reader = new Thread(() -> stream.read(response.body()), "bench-event-stream");
			reader.setDaemon(true);
			reader.start();
		});
		return stream;
	}

	boolean isReady() {
		return this.ready;
	}

	/** @return when the request's final status arrived, or null */
	Long finalAt(String requestId) {
		return this.finalAt.get(requestId);
	}

	/** Reads the events until the stream ends, fails or is closed. */
	private void read(Stream<String> lines) {
		this.lines = lines;
		try {
			lines.forEach(this::onLine);
		}
		catch (RuntimeException ex) {
			// Closed, or the connection broke: either way the stream is no longer ready.
		}
		finally {
			this.ready = false;
		}
	}

	private void onLine(String line) {
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

	void close() {
		Stream<String> current = this.lines;
		if (current != null) {
			current.close();
		}
	}

}
