package com.clinicbilling.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.TimeMeter;

/**
 * Time that moves only when the test says so: as a rate limit's {@link TimeMeter}, and as a
 * {@link Clock} ({@link #clock()}) for whatever reads the wall clock.
 */
public final class ManualTime implements TimeMeter {

	private final AtomicLong nanos;

	private final Clock clock = new View();

	/** One second after the epoch: where the time starts does not matter to a rate limit. */
	public ManualTime() {
		this(Instant.ofEpochSecond(1));
	}

	public ManualTime(Instant start) {
		this.nanos = new AtomicLong(ChronoUnit.NANOS.between(Instant.EPOCH, start));
	}

	public void advance(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	/** This time as a clock in UTC; it moves with {@link #advance}. */
	public Clock clock() {
		return this.clock;
	}

	@Override
	public long currentTimeNanos() {
		return this.nanos.get();
	}

	@Override
	public boolean isWallClockBased() {
		return false;
	}

	private final class View extends Clock {

		@Override
		public Instant instant() {
			return Instant.ofEpochSecond(0, ManualTime.this.nanos.get());
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
