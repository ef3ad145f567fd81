package com.clinicbilling.worker.intake;

/**
 * A command the database refuses even as a REJECTED request (e.g. its idempotency key holds a
 * character PostgreSQL cannot store): it can never be answered, so it goes to the dead-letter topic.
 */
class UnprocessableCommandException extends RuntimeException {

	UnprocessableCommandException(String message, Throwable cause) {
		super(message, cause);
	}

}
