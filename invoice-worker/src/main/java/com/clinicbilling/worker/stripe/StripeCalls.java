package com.clinicbilling.worker.stripe;

import com.clinicbilling.stripe.Pacer;
import com.clinicbilling.stripe.StripeMetadata;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Invoice;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.InvoiceAddLinesParams;
import com.stripe.param.InvoiceCreateParams;
import com.stripe.param.InvoiceFinalizeInvoiceParams;

/**
 * The requests the Stripe stage makes, each paced under the configured rate and each write with an
 * idempotency key derived from our ids, so a retried step is the same request to Stripe and makes
 * nothing twice (Stripe keeps the keys for 24 hours; the recovery points cover longer gaps).
 */
record StripeCalls(StripeClient stripe, Pacer pacer, StripeProperties properties, StripeMetrics metrics) {

	Customer createCustomer(StripeBoundInvoice invoice) throws StripeException, InterruptedException {
		CustomerCreateParams params = CustomerCreateParams.builder()
			.setName(invoice.patientName())
			.putMetadata(StripeMetadata.CLINIC_ID, Long.toString(invoice.clinicId()))
			.putMetadata(StripeMetadata.PATIENT_ID, Long.toString(invoice.patientId()))
			.build();
		this.pacer.acquire();
		return this.metrics.record("create_customer",
				() -> this.stripe.v1().customers().create(params, key(invoice.customerIdempotencyKey())));
	}

	/** A draft without lines; it takes no pending invoice items and is never finalized by Stripe on its own. */
	Invoice createDraft(StripeBoundInvoice invoice, String customerId) throws StripeException, InterruptedException {
		InvoiceCreateParams.Builder params = InvoiceCreateParams.builder()
			.setCustomer(customerId)
			.setCurrency(invoice.currency())
			.setAutoAdvance(false)
			.setPendingInvoiceItemsBehavior(InvoiceCreateParams.PendingInvoiceItemsBehavior.EXCLUDE)
			.setDescription(invoice.memo())
			.putMetadata(StripeMetadata.CLINIC_ID, Long.toString(invoice.clinicId()))
			.putMetadata(StripeMetadata.PATIENT_ID, Long.toString(invoice.patientId()))
			.putMetadata(StripeMetadata.INVOICE_ID, Long.toString(invoice.id()));
		if (invoice.requestId() != null) {
			// With invoice_id, the local identity its invoice.paid carries back: that pays this invoice even
			// before phase 2 stored the Stripe id (paid at finalization, or the database slow in between).
			params.putMetadata(StripeMetadata.REQUEST_ID, invoice.requestId());
		}
		if (this.properties.collectionMethod().equals("send_invoice")) {
			params.setCollectionMethod(InvoiceCreateParams.CollectionMethod.SEND_INVOICE)
				.setDaysUntilDue((long) this.properties.daysUntilDue());
		}
		this.pacer.acquire();
		return this.metrics.record("create_draft",
				() -> this.stripe.v1().invoices().create(params.build(), key(invoice.idempotencyKey("create"))));
	}

	/**
	 * Every line in one request, which Stripe applies whole or not at all. A line's amount is its
	 * total (unit amount times quantity), named with its quantity when more than one.
	 */
	Invoice addLines(StripeBoundInvoice invoice, String stripeInvoiceId) throws StripeException, InterruptedException {
		InvoiceAddLinesParams.Builder params = InvoiceAddLinesParams.builder();
		for (StripeBoundInvoice.Item item : invoice.items()) {
			params.addLine(InvoiceAddLinesParams.Line.builder()
				.setAmount(item.unitAmount() * item.quantity())
				.setDescription((item.quantity() == 1) ? item.description() : item.description() + " × " + item.quantity())
				.build());
		}
		this.pacer.acquire();
		return this.metrics.record("add_lines", () -> this.stripe.v1()
			.invoices()
			.addLines(stripeInvoiceId, params.build(), key(invoice.idempotencyKey("lines"))));
	}

	Invoice finalizeInvoice(StripeBoundInvoice invoice, String stripeInvoiceId)
			throws StripeException, InterruptedException {
		this.pacer.acquire();
		return this.metrics.record("finalize", () -> this.stripe.v1()
			.invoices()
			.finalizeInvoice(stripeInvoiceId, InvoiceFinalizeInvoiceParams.builder().setAutoAdvance(true).build(),
					key(invoice.idempotencyKey("finalize"))));
	}

	/** Where a draft stands after an interruption. */
	Invoice retrieve(String stripeInvoiceId) throws StripeException, InterruptedException {
		this.pacer.acquire();
		return this.metrics.record("retrieve", () -> this.stripe.v1().invoices().retrieve(stripeInvoiceId));
	}

	private static RequestOptions key(String idempotencyKey) {
		return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
	}

}
