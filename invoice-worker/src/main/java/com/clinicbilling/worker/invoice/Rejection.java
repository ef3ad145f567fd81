package com.clinicbilling.worker.invoice;

/**
 * Why a command will never make an invoice: a business outcome, published as a REJECTED status,
 * never an exception and never a dead letter. The codes are part of the status contract.
 */
record Rejection(String code, String message) implements Checked {

	static final String INVALID_COMMAND = "invalid_command";

	static final String PATIENT_NOT_FOUND = "patient_not_found";

	static final String PRODUCT_NOT_FOUND = "product_not_found";

	static final String CURRENCY_MISMATCH = "currency_mismatch";

	static final String AMOUNT_TOO_LARGE = "amount_too_large";

	static final String IDEMPOTENCY_KEY_REUSED = "idempotency_key_reused";

	/** The database refused the command's data (a failure no rule foresaw); retrying cannot help. */
	static final String UNPROCESSABLE_COMMAND = "unprocessable_command";

}
