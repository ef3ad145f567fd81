package com.clinicbilling.benchmarks.baseline;

import java.util.List;

/** The contract's request body (docs/api.md, "Submit"), as the seed's route would take it. */
record InvoiceRequest(long patientId, Long orderId, String currency, List<Line> lineItems, String memo,
		PaidExternally paidExternally) {

	record Line(Long productId, String description, Long unitAmount, int quantity) {
	}

	record PaidExternally(String method, String reference, String paidAt) {
	}

	String currencyOrDefault() {
		return (this.currency != null) ? this.currency : "usd";
	}

}
