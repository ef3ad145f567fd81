package com.clinicbilling.stripe;

import java.time.Duration;

import io.github.bucket4j.BlockingBucket;
import io.github.bucket4j.Bucket;

/**
 * Spaces calls evenly at a given rate, shared by the threads that call {@link #acquire()}: the
 * worker's requests to Stripe (kept under Stripe's rate limit) and the backfill tool's commands.
 * A Bucket4j bucket of one token, as the gateway's submit limit: no burst beyond the rate.
 */
public final class Pacer {

	private final BlockingBucket bucket;

	/** @param perSecond calls per second; must be positive */
	public Pacer(double perSecond) {
		if (!(perSecond > 0)) {
			throw new IllegalArgumentException("rate must be positive, was " + perSecond);
		}
		Duration interval = Duration.ofNanos(Math.max(1, (long) (Duration.ofSeconds(1).toNanos() / perSecond)));
		this.bucket = Bucket.builder()
			.addLimit((limit) -> limit.capacity(1).refillGreedy(1, interval))
			.build()
			.asBlocking();
	}

	/** Waits for this call's slot. */
	public void acquire() throws InterruptedException {
		this.bucket.consume(1);
	}

}
