package com.clinicbilling.worker.system;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Records sent as one step of a batch: the step is done only once Kafka acknowledged every one. */
public final class KafkaSends {

	private static final long TIMEOUT_SECONDS = 30;

	private KafkaSends() {
	}

	/**
	 * Waits up to 30 s for every send; a failure, a timeout or an interrupt (kept) is an
	 * {@link IllegalStateException} with {@code failure} as its message, so the batch is retried.
	 */
	public static void awaitAll(List<? extends CompletableFuture<?>> sends, String failure) {
		try {
			CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException(failure, ex);
		}
	}

}
