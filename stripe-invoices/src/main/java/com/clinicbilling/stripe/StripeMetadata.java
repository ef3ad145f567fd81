package com.clinicbilling.stripe;

/**
 * The metadata keys by which a Stripe invoice names its owner. The worker writes them on the invoices
 * it creates on Stripe; the webhook and the backfill tool read them from paid invoices.
 */
public final class StripeMetadata {

	/** The clinic that owns the invoice: a positive integer, as text. */
	public static final String CLINIC_ID = "clinic_id";

	/** The patient the invoice is for: a positive integer, as text, of that clinic. */
	public static final String PATIENT_ID = "patient_id";

	/** The local invoice a Stripe invoice was created from, when the worker created it. */
	public static final String INVOICE_ID = "invoice_id";

	/**
	 * The request that created that local invoice (a UUID), written with {@link #INVOICE_ID}: the
	 * worker pays the local invoice only when both still name it.
	 */
	public static final String REQUEST_ID = "request_id";

	private StripeMetadata() {
	}

}
