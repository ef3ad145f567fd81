package com.clinicbilling.gateway.submit;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;

/**
 * Stores an accepted command together with its PENDING status. Every producer of commands in the
 * gateway (HTTP submissions, Stripe webhooks, dead-letter replays) goes through it.
 */
public interface CommandPublisher {

	/**
	 * Returns only once both are durably stored, or not at all.
	 * @throws com.clinicbilling.gateway.system.ProblemException (503) when they could not be stored
	 */
	void publish(CreateInvoice command, RequestStatus pending);

	/** The PENDING status that goes with a command. */
	static RequestStatus pendingStatus(CreateInvoice command) {
		return RequestStatus.newBuilder()
			.setRequestId(command.getRequestId())
			.setClinicId(command.getClinicId())
			.setIdempotencyKey(command.getIdempotencyKey())
			.setBodyFingerprint(command.getBodyFingerprint())
			.setState(RequestState.PENDING)
			.setAcceptedAt(command.getAcceptedAt())
			.build();
	}

}
