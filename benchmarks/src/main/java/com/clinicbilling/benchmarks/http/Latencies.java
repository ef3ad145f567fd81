package com.clinicbilling.benchmarks.http;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Latencies in microseconds, up to two minutes, three significant digits, from many threads. */
final class Latencies {

	private static final long HIGHEST = TimeUnit.MINUTES.toMicros(2);

	private final Histogram histogram = new ConcurrentHistogram(HIGHEST, 3);

	void recordNanos(long nanos) {
		this.histogram.recordValue(Math.max(0, Math.min(HIGHEST, TimeUnit.NANOSECONDS.toMicros(nanos))));
	}

	long count() {
		return this.histogram.getTotalCount();
	}

	/** The percentile in milliseconds, NaN when nothing was recorded. */
	double millis(double percentile) {
		return (count() == 0) ? Double.NaN : this.histogram.getValueAtPercentile(percentile) / 1000.0;
	}

	double maxMillis() {
		return (count() == 0) ? Double.NaN : this.histogram.getMaxValue() / 1000.0;
	}

}
