package com.clinicbilling.gateway.submit;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestStatus;

/** Stores an accepted command together with its PENDING status. */
interface CommandPublisher {

	/**
	 * Returns only once both are durably stored, or not at all.
	 * @throws com.clinicbilling.gateway.system.ProblemException (503) when they could not be stored
	 */
	void publish(CreateInvoice command, RequestStatus pending);

}
