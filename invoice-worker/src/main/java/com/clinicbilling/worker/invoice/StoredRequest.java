package com.clinicbilling.worker.invoice;

import java.time.Instant;

import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;

/** The recorded outcome of the first command of a clinic's idempotency key. */
record StoredRequest(long clinicId, String idempotencyKey, String requestId, String bodyFingerprint,
		RequestState outcome, InvoiceSummary invoice, String duplicateRule, String errorCode, String errorMessage,
		Instant completedAt) {
}
