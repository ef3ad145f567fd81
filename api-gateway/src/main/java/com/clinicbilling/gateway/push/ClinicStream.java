package com.clinicbilling.gateway.push;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;


import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream of every status change of one clinic's requests. Changes are queued in the order
 * they happen and written by the shared pool in that order (a queue drained under the lock: two pool
 * threads never reorder them); the stream stays open until the client leaves, its time-out or
 * shutdown.
 */
final class ClinicStream extends EmitterStream {

	/** Sent first: names the point the stream starts from, so a client can resume from it. */
	static final String READY = "ready";

	private final long clinicId;

	private final Executor executor;

	private final Consumer<ClinicStream> onClosed;

	private final Queue<SseEmitter.SseEventBuilder> queued = new ConcurrentLinkedQueue<>();

	ClinicStream(long clinicId, SseEmitter emitter, Executor executor, Consumer<ClinicStream> onClosed) {
		super(emitter, "clinicId=" + clinicId);
		this.clinicId = clinicId;
		this.executor = executor;
		this.onClosed = onClosed;
	}

	long clinicId() {
		return this.clinicId;
	}

	/** Queues an event; called on the thread that made the change, which must never wait for a client. */
	void offer(String name, String id, Object data) {
		this.queued.add(SseEmitter.event().id(id).name(name).data(data, MediaType.APPLICATION_JSON));
		try {
			this.executor.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the stream is being ended anyway.
		}
	}

	/**
	 * Writes every queued event and flushes once: under a burst the client gets the events in one
	 * write rather than one write (and one system call) each.
	 */
	private void drain() {
		this.lock.lock();
		try {
			Set<ResponseBodyEmitter.DataWithMediaType> events = new LinkedHashSet<>();
			SseEmitter.SseEventBuilder event;
			while (!isClosed() && (event = this.queued.poll()) != null) {
				// Parts are kept by identity, so two events' equal parts are both written.
				events.addAll(event.build());
			}
			if (!events.isEmpty()) {
				this.emitter.send(events);
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
	protected void released() {
		this.queued.clear();
		this.onClosed.accept(this);
	}

}
