package com.clinicbilling.worker.stripe;

/**
 * Stripe (or the database) could not be reached or asked to slow down: the hand-off is tried again
 * after a back-off, for as long as it takes. Retriable by nature; logged as a warning, not an error.
 */
class StripeUnavailableException extends RuntimeException {

	StripeUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
