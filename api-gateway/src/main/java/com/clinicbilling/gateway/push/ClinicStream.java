package com.clinicbilling.gateway.push;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open stream of every status change of one clinic's requests. Changes are queued in the order
 * they happen and written by the shared pool in that order (a queue drained under the lock: two pool
 * threads never reorder them); the stream stays open until the client leaves, its time-out or
 * shutdown.
 */
final class ClinicStream implements OpenStream {

	/** Sent first: names the point the stream starts from, so a client can resume from it. */
	static final String READY = "ready";

	private static final Logger log = LoggerFactory.getLogger(ClinicStream.class);

	private final long clinicId;

	private final SseEmitter emitter;

	private final Executor executor;

	private final Consumer<ClinicStream> onClosed;

	private final Queue<SseEmitter.SseEventBuilder> queued = new ConcurrentLinkedQueue<>();

	private final ReentrantLock lock = new ReentrantLock();

	private boolean closed;

	ClinicStream(long clinicId, SseEmitter emitter, Executor executor, Consumer<ClinicStream> onClosed) {
		this.clinicId = clinicId;
		this.emitter = emitter;
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

	private void drain() {
		this.lock.lock();
		try {
			SseEmitter.SseEventBuilder event;
			while (!this.closed && (event = this.queued.poll()) != null) {
				this.emitter.send(event);
			}
		}
		catch (IOException | IllegalStateException ex) {
			log.debug("Clinic event stream of clinicId={} ended by the client: {}", this.clinicId, ex.toString());
			closeLocked();
		}
		finally {
			this.lock.unlock();
		}
	}

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
			closeLocked();
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

	private void closeLocked() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.queued.clear();
		this.onClosed.accept(this);
	}

}
