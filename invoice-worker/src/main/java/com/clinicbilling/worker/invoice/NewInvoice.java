package com.clinicbilling.worker.invoice;

import java.time.Instant;

import com.clinicbilling.schemas.InvoiceSummary;

/** A draft with its id, about to be inserted. */
record NewInvoice(long id, InvoiceDraft draft, Instant createdAt) {

	InvoiceSummary summary() {
		return InvoiceSummary.newBuilder()
			.setId(this.id)
			.setStatus(this.draft.status())
			.setAmount(this.draft.amount())
			.setAmountDue(this.draft.amountDue())
			.setAmountPaid(this.draft.amountPaid())
			.setCurrency(this.draft.command().getCurrency())
			.setStripeInvoiceId(this.draft.command().getStripeInvoiceId())
			.build();
	}

	RecentInvoice asRecent() {
		return new RecentInvoice(this.draft.command().getClinicId(), this.draft.command().getPatientId(),
				this.draft.command().getOrderId(), this.draft.amount(), this.createdAt, summary());
	}

}
