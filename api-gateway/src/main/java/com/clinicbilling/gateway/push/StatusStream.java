package com.clinicbilling.gateway.push;

import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import com.clinicbilling.gateway.status.RequestStatusStore;
import com.clinicbilling.gateway.status.StatusView;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open event stream of one request: sends each new status once, ends after a final one, and
 * lets go of its store subscription however it ends (final status, time-out, error, gone client,
 * shutdown). Writes happen under one lock so a status and a heartbeat never interleave.
 */
final class StatusStream extends EmitterStream {

	static final String EVENT = "status";

	private final String requestId;

	private final Consumer<StatusStream> onClosed;

	/** Writes the statuses, and ends the response after a final one. */
	private final Executor executor;

	private RequestStatusStore.Subscription subscription;

	private RequestStatus last;

	/** The id of the client's last event, until a newer status than it is seen. */
	private String lastEventId;

	StatusStream(String requestId, String lastEventId, SseEmitter emitter, Executor executor,
			Consumer<StatusStream> onClosed) {
		super(emitter, "requestId=" + requestId);
		this.executor = executor;
		this.requestId = requestId;
		this.lastEventId = lastEventId;
		this.onClosed = onClosed;
	}

	/**
	 * Follows the request's changes. The store calls listeners on the thread that made the change
	 * (the status feed's), which must never wait for a slow client, so writes go to the executor.
	 */
	void subscribe(RequestStatusStore store) {
		locked(() -> this.subscription = store.subscribe(this.requestId, (status) -> {
			try {
				this.executor.execute(() -> send(status));
			}
			catch (RejectedExecutionException ex) {
				// Shutting down: the stream is being ended anyway.
			}
		}));
	}

	/**
	 * Sends a status unless it is the one sent last or the client had it before it reconnected; a
	 * final status ends the stream.
	 */
	void send(RequestStatus status) {
		this.lock.lock();
		try {
			if (isClosed() || status.equals(this.last)) {
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
				closeLocked();
				endAfterQueuedWrites();
			}
		}
		catch (IOException | IllegalStateException ex) {
			gone(ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The client has its answer once the event is flushed. Ending the response costs more than writing
	 * the event (an asynchronous dispatch through the whole filter chain), so it waits behind the writes
	 * already queued: a batch of final statuses reaches every stream before the first response ends.
	 */
	private void endAfterQueuedWrites() {
		try {
			this.executor.execute(this.emitter::complete);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: end it here.
			this.emitter.complete();
		}
	}

	@Override
	protected void released() {
		if (this.subscription != null) {
			this.subscription.close();
		}
		this.onClosed.accept(this);
	}

}
