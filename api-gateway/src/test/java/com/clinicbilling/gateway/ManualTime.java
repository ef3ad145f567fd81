package com.clinicbilling.gateway;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;

/** A time source for rate-limit tests that moves only when the test says so. */
public final class ManualTime implements TimeMeter {

	private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

	public void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	@Override
	public long currentTimeNanos() {
		return this.nanos.get();
	}

	@Override
	public boolean isWallClockBased() {
		return false;
	}

}
