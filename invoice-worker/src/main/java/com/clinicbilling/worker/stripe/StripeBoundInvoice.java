package com.clinicbilling.worker.stripe;

import java.time.Instant;
import java.util.List;

/**
 * A local invoice pending on Stripe, as recorded: what it is, and how far its creation on Stripe got.
 *
 * @param requestId the request that created it; null for invoices recorded before it was kept
 * @param paid a paid Stripe invoice paid it already (its {@code invoice.paid} may come before phase 2)
 * @param customerId the patient's Stripe customer, once there is one
 * @param stripeInvoiceId Stripe's invoice, once its draft exists
 * @param phaseAt when the phase was reached
 */
record StripeBoundInvoice(long id, long clinicId, long patientId, String requestId, String patientName,
		String currency, String memo, List<Item> items, boolean paid, Phase phase, String customerId, String stripeInvoiceId, String errorCode,
		String errorMessage, Instant phaseAt) {

	enum Phase {

		PENDING, DRAFT, CREATED, REJECTED

	}

	/** A line as stored: amounts in minor units. */
	record Item(String description, long unitAmount, int quantity) {
	}

	/**
	 * Stripe idempotency key of one step of this invoice, derived from ours so a retry of the step is
	 * the same request to Stripe: {@code inv-{clinicId}-{invoiceId}-{step}}.
	 */
	String idempotencyKey(String step) {
		return "inv-" + this.clinicId + "-" + this.id + "-" + step;
	}

	/** One Stripe customer per patient of a clinic: {@code cus-{clinicId}-{patientId}}. */
	String customerIdempotencyKey() {
		return "cus-" + this.clinicId + "-" + this.patientId;
	}

}
