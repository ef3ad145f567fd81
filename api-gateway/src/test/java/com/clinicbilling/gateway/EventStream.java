package com.clinicbilling.gateway;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;

/**
 * A {@code text/event-stream} response read line by line as it arrives, the way a browser's
 * EventSource reads it: {@code event:} and {@code data:} lines make an event, a blank line ends it,
 * a line starting with {@code :} is a comment.
 */
public final class EventStream implements AutoCloseable, Flow.Subscriber<String> {

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private volatile HttpResponse.ResponseInfo response;

	private volatile Flow.Subscription subscription;

	private volatile boolean completed;

	private volatile Throwable failure;

	/** Where the stream's head disagreed with the API description, found when it arrived. */
	private volatile AssertionError contractViolation;

	private volatile String requestId;

	private EventStream() {
	}

	static EventStream open(HttpClient http, HttpRequest request) {
		EventStream stream = new EventStream();
		String path = request.uri().getPath();
		// The status operation to check a status event against; the clinic stream names no request.
		stream.requestId = path.matches("^/v1/invoice-requests/[^/]+/events$")
				? path.replaceFirst("^/v1/invoice-requests/([^/]+)/events$", "$1") : "any-request";
		http.sendAsync(request, (info) -> {
			try {
				ApiContract.checkHead(request.method(), request.uri(), request.headers().map(), info.statusCode(),
						info.headers().map());
			}
			catch (AssertionError ex) {
				stream.contractViolation = ex;
			}
			stream.response = info;
			return HttpResponse.BodySubscribers.fromLineSubscriber(stream);
		});
		return stream;
	}

	/** One event: its name, its data lines joined, and its id ({@code null} without one). */
	public record Event(String name, String data, String id) {
	}

	/** 0 until the response's headers arrived. */
	public int statusCode() {
		HttpResponse.ResponseInfo info = this.response;
		if (this.contractViolation != null) {
			throw this.contractViolation;
		}
		return (info != null) ? info.statusCode() : 0;
	}

	public HttpHeaders headers() {
		return this.response.headers();
	}

	public List<String> lines() {
		return List.copyOf(this.lines);
	}

	public String body() {
		return String.join("\n", this.lines);
	}

	public List<String> comments() {
		return this.lines.stream().filter((line) -> line.startsWith(":")).toList();
	}

	/** The complete events so far (those followed by a blank line). */
	public List<Event> events() {
		List<Event> events = new ArrayList<>();
		String name = "message";
		String id = null;
		StringBuilder data = null;
		for (String line : this.lines) {
			if (line.isEmpty()) {
				if (data != null) {
					if ("status".equals(name)) {
						ApiContract.checkStatusEvent(this.requestId, data.toString());
					}
					events.add(new Event(name, data.toString(), id));
				}
				name = "message";
				id = null;
				data = null;
			}
			else if (line.startsWith("id:")) {
				id = line.substring("id:".length()).strip();
			}
			else if (line.startsWith("event:")) {
				name = line.substring("event:".length()).strip();
			}
			else if (line.startsWith("data:")) {
				String value = line.substring("data:".length());
				value = value.startsWith(" ") ? value.substring(1) : value;
				data = (data == null) ? new StringBuilder(value) : data.append('\n').append(value);
			}
		}
		return events;
	}

	/** Whether the server ended the response. */
	public boolean isCompleted() {
		return this.completed;
	}

	public Throwable failure() {
		return this.failure;
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		subscription.request(Long.MAX_VALUE);
	}

	@Override
	public void onNext(String line) {
		this.lines.add(line);
	}

	@Override
	public void onError(Throwable throwable) {
		this.failure = throwable;
	}

	@Override
	public void onComplete() {
		this.completed = true;
	}

	/** Goes away like a closed browser tab: the connection is dropped. */
	@Override
	public void close() {
		Flow.Subscription current = this.subscription;
		if (current != null) {
			current.cancel();
		}
	}

}
