package com.clinicbilling.stripe;

import java.util.concurrent.TimeUnit;

/**
 * Spaces calls evenly at a given rate, shared by the threads that call {@link #acquire()}: the
 * worker's requests to Stripe (kept under Stripe's rate limit) and the backfill tool's commands.
 */
public final class Pacer {

	private final long intervalNanos;

	private long nextSlot = System.nanoTime();

	/** @param perSecond calls per second; must be positive */
	public Pacer(double perSecond) {
		if (!(perSecond > 0)) {
			throw new IllegalArgumentException("rate must be positive, was " + perSecond);
		}
		this.intervalNanos = Math.max(1, (long) (TimeUnit.SECONDS.toNanos(1) / perSecond));
	}

	/** Waits for this call's slot. */
	public void acquire() throws InterruptedException {
		long wait;
		synchronized (this) {
			long now = System.nanoTime();
			long slot = Math.max(now, this.nextSlot);
			this.nextSlot = slot + this.intervalNanos;
			wait = slot - now;
		}
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

}
