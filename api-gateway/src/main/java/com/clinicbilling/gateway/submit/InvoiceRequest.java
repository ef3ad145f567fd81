package com.clinicbilling.gateway.submit;

import java.time.Instant;
import java.util.List;

import com.clinicbilling.schemas.PaymentMethod;

/**
 * The body of {@code POST /v1/invoices} as the contract defines it. Numbers are boxed so that a
 * missing field is told apart from a zero; the rules live in {@code CreateInvoiceRules}, shared with
 * the worker, and are checked on the command built from this.
 */
record InvoiceRequest(Long patientId, Long orderId, String currency, List<Line> lineItems, String memo,
		Payment paidExternally) {

	/** Either {@code productId}, or {@code description} with {@code unitAmount} (minor units). */
	record Line(Long productId, String description, Long unitAmount, Integer quantity) {
	}

	record Payment(PaymentMethod method, String reference, Instant paidAt) {
	}

}
