package com.clinicbilling.gateway.submit;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.clinicbilling.schemas.CreateInvoice;

/**
 * Stores a command in {@code invoice.commands}, and nothing else: a request is pending exactly when
 * its command is in that topic, so every gateway's status feed derives PENDING from the command
 * itself. Every producer of commands in the gateway (HTTP submissions, Stripe webhooks, dead-letter
 * replays) goes through it; {@link KafkaCommandPublisher} is the one implementation.
 */
public interface CommandPublisher {

	/**
	 * Completes once Kafka acknowledged the command, on the producer's I/O thread; fails with a
	 * {@link com.clinicbilling.gateway.system.ProblemException} (503) when it could not be stored. A
	 * send that timed out may still have been stored: the client retries with the same key, which
	 * yields the same request id, and the worker makes one invoice of it.
	 */
	CompletableFuture<Void> publish(CreateInvoice command);

	/** {@link #publish} for callers that answer only once the command is stored (replay). */
	default void publishAndWait(CreateInvoice command) {
		await(publish(command));
	}

	/** Waits for a publication, rethrowing its {@code ProblemException} as it was thrown. */
	static <T> T await(CompletableFuture<T> publication) {
		try {
			return publication.join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

}
