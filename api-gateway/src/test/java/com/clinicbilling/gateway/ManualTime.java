package com.clinicbilling.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.clinicbilling.schemas.testing.ManualClock;
import io.github.bucket4j.TimeMeter;

/**
 * Time that moves only when the test says so: as a rate limit's {@link TimeMeter}, and as a
 * {@link Clock} ({@link #clock()}) for whatever reads the wall clock.
 */
public final class ManualTime implements TimeMeter {

	private final ManualClock clock;

	/** One second after the epoch: where the time starts does not matter to a rate limit. */
	public ManualTime() {
		this(Instant.ofEpochSecond(1));
	}

	public ManualTime(Instant start) {
		this.clock = new ManualClock(start);
	}

	public void advance(Duration duration) {
		this.clock.advance(duration);
	}

	/** This time as a clock in UTC; it moves with {@link #advance}. */
	public Clock clock() {
		return this.clock;
	}

	@Override
	public long currentTimeNanos() {
		return ChronoUnit.NANOS.between(Instant.EPOCH, this.clock.instant());
	}

	@Override
	public boolean isWallClockBased() {
		return false;
	}

}
