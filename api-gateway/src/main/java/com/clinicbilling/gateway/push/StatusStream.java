package com.clinicbilling.gateway.push;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import com.clinicbilling.gateway.status.RequestStatusStore;
import com.clinicbilling.gateway.status.StatusView;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open event stream of one request: sends each new status once, ends after a final one, and
 * lets go of its store subscription however it ends (final status, time-out, error, gone client,
 * shutdown). Writes happen under one lock so a status and a heartbeat never interleave.
 */
final class StatusStream implements OpenStream {

	static final String EVENT = "status";

	private static final Logger log = LoggerFactory.getLogger(StatusStream.class);

	private final String requestId;

	private final SseEmitter emitter;

	private final Consumer<StatusStream> onClosed;

	private final ReentrantLock lock = new ReentrantLock();

	private RequestStatusStore.Subscription subscription;

	private RequestStatus last;

	/** The id of the client's last event, until a newer status than it is seen. */
	private String lastEventId;

	private boolean closed;

	StatusStream(String requestId, String lastEventId, SseEmitter emitter, Consumer<StatusStream> onClosed) {
		this.requestId = requestId;
		this.lastEventId = lastEventId;
		this.emitter = emitter;
		this.onClosed = onClosed;
	}

	/**
	 * Follows the request's changes. The store calls listeners on the thread that made the change
	 * (the status feed's), which must never wait for a slow client, so writes go to {@code executor}.
	 */
	void subscribe(RequestStatusStore store, Executor executor) {
		this.lock.lock();
		try {
			this.subscription = store.subscribe(this.requestId, (status) -> {
				try {
					executor.execute(() -> send(status));
				}
				catch (RejectedExecutionException ex) {
					// Shutting down: the stream is being ended anyway.
				}
			});
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Sends a status unless it is the one sent last or the client had it before it reconnected; a
	 * final status ends the stream.
	 */
	void send(RequestStatus status) {
		this.lock.lock();
		try {
			if (this.closed || status.equals(this.last)) {
				return;
			}
			if (EventIds.seen(status, this.lastEventId)) {
				this.last = status;
			}
			else {
				this.emitter.send(SseEmitter.event()
					.id(EventIds.ofState(status))
					.name(EVENT)
					.data(StatusView.of(status), MediaType.APPLICATION_JSON));
				this.last = status;
				this.lastEventId = null;
			}
			if (status.getState() != RequestState.PENDING) {
				this.emitter.complete();
				closeLocked();
			}
		}
		catch (IOException | IllegalStateException ex) {
			gone(ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A comment line; skipped while a status is being written, which shows the stream alive anyway. */
	@Override
	public void heartbeat() {
		if (!this.lock.tryLock()) {
			return;
		}
		try {
			if (!this.closed) {
				this.emitter.send(SseEmitter.event().comment("heartbeat"));
			}
		}
		catch (IOException | IllegalStateException ex) {
			gone(ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void end() {
		this.lock.lock();
		try {
			if (!this.closed) {
				this.emitter.complete();
				closeLocked();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			closeLocked();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void gone(Exception ex) {
		// A client that went away is normal for a stream; the container reports the error to the
		// emitter itself, so only the subscription is ours to drop.
		log.debug("Event stream of requestId={} ended by the client: {}", this.requestId, ex.toString());
		closeLocked();
	}

	private void closeLocked() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		if (this.subscription != null) {
			this.subscription.close();
		}
		this.onClosed.accept(this);
	}

}
