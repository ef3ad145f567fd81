package com.clinicbilling.worker.invoice;

import java.time.Instant;

import com.clinicbilling.schemas.InvoiceSummary;

/** An invoice of a batch's patient recent enough to make a new one a duplicate. */
record RecentInvoice(long clinicId, long patientId, Long orderId, long amount, Instant createdAt,
		InvoiceSummary summary) {
}
