package com.clinicbilling.benchmarks.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Median, minimum and maximum of repeated measurements. Medians, not means: on a shared, noisy
 * machine one slow repetition (another build's compile, a GC, autovacuum) must not move the result.
 */
public record Stats(double median, double min, double max, int count) {

	public static Stats of(Collection<Double> values) {
		if (values.isEmpty()) {
			return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
		}
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int size = sorted.size();
		double median = (size % 2 == 1) ? sorted.get(size / 2)
				: (sorted.get(size / 2 - 1) + sorted.get(size / 2)) / 2.0;
		return new Stats(median, sorted.get(0), sorted.get(size - 1), size);
	}

	public boolean isEmpty() {
		return this.count == 0;
	}

	/** Spread of the repetitions relative to their median, e.g. 0.12 for ±12 % around it. */
	public double relativeSpread() {
		return (this.count < 2 || this.median == 0) ? 0 : (this.max - this.min) / this.median;
	}

	/** The ratio of two medians, or NaN when either side has no measurement. */
	public static double ratio(Stats numerator, Stats denominator) {
		if (numerator.isEmpty() || denominator.isEmpty() || denominator.median() == 0) {
			return Double.NaN;
		}
		return numerator.median() / denominator.median();
	}

}
