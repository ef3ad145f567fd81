package com.clinicbilling.gateway.push;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * What every open stream shares: one lock around every write (an event and a heartbeat never
 * interleave), and a close that happens once, whatever ends the stream (its end, time-out, error,
 * a gone client, shutdown). Subclasses write their events under {@link #lock} (or {@link #locked})
 * and say what they let go of in {@link #released()}.
 */
abstract class EmitterStream implements OpenStream {

	private static final Logger log = LoggerFactory.getLogger(EmitterStream.class);

	protected final SseEmitter emitter;

	protected final ReentrantLock lock = new ReentrantLock();

	/** What the stream follows, for the log ({@code requestId=...}). */
	private final String follows;

	private boolean closed;

	EmitterStream(SseEmitter emitter, String follows) {
		this.emitter = emitter;
		this.follows = follows;
	}

	/** Lets go of what the stream holds; called once, under the lock. */
	protected abstract void released();

	/** Under the lock. */
	protected final boolean isClosed() {
		return this.closed;
	}

	/** A comment line; skipped while an event is being written, which shows the stream alive anyway. */
	@Override
	public final void heartbeat() {
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
	public final void end() {
		locked(() -> {
			if (!this.closed) {
				this.emitter.complete();
				closeLocked();
			}
		});
	}

	@Override
	public final void close() {
		locked(this::closeLocked);
	}

	/** Runs {@code action} under the lock. */
	protected final void locked(Runnable action) {
		this.lock.lock();
		try {
			action.run();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A write failed under the lock. A client that went away is normal for a stream; the container
	 * reports the error to the emitter itself, so only what the stream holds is ours to drop.
	 */
	protected final void gone(Exception ex) {
		log.debug("Event stream of {} ended by the client: {}", this.follows, ex.toString());
		closeLocked();
	}

	/** Under the lock. */
	protected final void closeLocked() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		released();
	}

}
