package com.clinicbilling.gateway.status;

import java.time.Instant;

import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestStatus;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The status of an invoice request as the contract shows it, in {@code GET} answers and in
 * server-sent events. Absent parts are left out rather than sent as null.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusView(String requestId, String status, Instant acceptedAt, Instant completedAt, Invoice invoice,
		Duplicate duplicate, Failure error) {

	public static StatusView of(RequestStatus status) {
		InvoiceSummary invoice = status.getInvoice();
		return new StatusView(status.getRequestId(), status.getState().name(), status.getAcceptedAt(),
				status.getCompletedAt(),
				(invoice != null) ? new Invoice(invoice.getId(), invoice.getStatus().name(), invoice.getAmount(),
						invoice.getAmountDue(), invoice.getAmountPaid(), invoice.getCurrency(),
						invoice.getStripeInvoiceId()) : null,
				(status.getDuplicateRule() != null) ? new Duplicate(status.getDuplicateRule()) : null,
				(status.getErrorCode() != null) ? new Failure(status.getErrorCode(), status.getErrorMessage()) : null);
	}

	/** Amounts in minor units of {@code currency}. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Invoice(long id, String status, long amount, long amountDue, long amountPaid, String currency,
			String stripeInvoiceId) {
	}

	public record Duplicate(String rule) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Failure(String code, String message) {
	}

}
