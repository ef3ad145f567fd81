package com.clinicbilling.worker.intake;

/** A record that can never become an answered command; it goes to the dead-letter topic as it is. */
class PoisonCommandException extends RuntimeException {

	PoisonCommandException(String message) {
		super(message);
	}

}
