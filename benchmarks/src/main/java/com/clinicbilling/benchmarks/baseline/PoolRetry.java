package com.clinicbilling.benchmarks.baseline;

import java.util.function.Supplier;

import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * The seed's {@code withRetry} for pool time-outs (Prisma P2024): at most {@code retries} more
 * attempts, with a doubling wait; the last failure propagates and becomes a 503. Made by the route, whose
 * "after" version alone retries, rather than injected.
 */
class PoolRetry {

	private final int retries;

	private final long backoffMillis;

	PoolRetry(BaselineProperties properties) {
		this.retries = properties.retries();
		this.backoffMillis = properties.retryBackoff().toMillis();
	}

	<T> T call(Supplier<T> work) {
		long wait = this.backoffMillis;
		for (int attempt = 0;; attempt++) {
			try {
				return work.get();
			}
			catch (CannotGetJdbcConnectionException ex) {
				if (attempt >= this.retries) {
					throw ex;
				}
				sleep(wait);
				wait *= 2;
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting to retry", ex);
		}
	}

}
