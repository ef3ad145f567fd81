package com.clinicbilling.worker.invoice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.clinicbilling.schemas.ExternalPayment;

import org.springframework.jdbc.core.simple.JdbcClient;

import static com.clinicbilling.worker.invoice.BatchSql.bigints;
import static com.clinicbilling.worker.invoice.BatchSql.texts;
import static com.clinicbilling.worker.invoice.BatchSql.timestamp;
import static com.clinicbilling.worker.invoice.BatchSql.timestamps;

/**
 * Set-based inserts of invoices, their items and their payments: three statements for a whole
 * batch, where the seed's route inserted each item on its own.
 */
final class InvoiceRows {

	private InvoiceRows() {
	}

	/** A payment of an invoice, as the {@code payments} table records it. */
	record PaymentRow(long invoiceId, long amount, String currency, ExternalPayment payment) {
	}

	static void insert(JdbcClient jdbc, List<NewInvoice> invoices) {
		if (invoices.isEmpty()) {
			return;
		}
		insertInvoices(jdbc, invoices);
		insertItems(jdbc, invoices);
		insertPayments(jdbc, invoices.get(0).createdAt(),
				invoices.stream()
					.filter((i) -> i.draft().command().getPaidExternally() != null)
					.map((i) -> new PaymentRow(i.id(), i.draft().amountPaid(), i.draft().command().getCurrency(),
							i.draft().command().getPaidExternally()))
					.toList());
	}

	static void insertPayments(JdbcClient jdbc, Instant createdAt, List<PaymentRow> payments) {
		if (payments.isEmpty()) {
			return;
		}
		jdbc.sql("""
				insert into payments (created_at, invoice_id, amount, currency, method, reference, paid_at)
				select ?, * from unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
				""")
			.params(timestamp(createdAt), bigints(payments, PaymentRow::invoiceId), bigints(payments, PaymentRow::amount),
					texts(payments, PaymentRow::currency), texts(payments, (p) -> p.payment().getMethod().name()),
					texts(payments, (p) -> p.payment().getReference()),
					timestamps(payments, (p) -> p.payment().getPaidAt()))
			.update();
	}

	/** Metadata records where the invoice came from (request id and source), for support and audits. */
	private static void insertInvoices(JdbcClient jdbc, List<NewInvoice> invoices) {
		jdbc.sql("""
				insert into invoices (created_at, id, clinic_id, patient_id, order_id, idempotency_key, request_id,
				  amount, amount_due, amount_paid, currency, status, memo, stripe_invoice_id, metadata)
				select ?, id, clinic_id, patient_id, order_id, idempotency_key, request_id, amount, amount_due,
				  amount_paid, currency, status, memo, stripe_invoice_id,
				  jsonb_build_object('requestId', request_id, 'source', source)
				from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::bigint[],
				  ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
				  as v(id, clinic_id, patient_id, order_id, idempotency_key, request_id, amount, amount_due,
				  amount_paid, currency, status, memo, stripe_invoice_id, source)
				""")
			.params(timestamp(invoices.get(0).createdAt()), bigints(invoices, NewInvoice::id),
					bigints(invoices, (i) -> i.draft().command().getClinicId()),
					bigints(invoices, (i) -> i.draft().command().getPatientId()),
					bigints(invoices, (i) -> i.draft().command().getOrderId()),
					texts(invoices, (i) -> i.draft().command().getIdempotencyKey()),
					texts(invoices, (i) -> i.draft().command().getRequestId()),
					bigints(invoices, (i) -> i.draft().amount()), bigints(invoices, (i) -> i.draft().amountDue()),
					bigints(invoices, (i) -> i.draft().amountPaid()),
					texts(invoices, (i) -> i.draft().command().getCurrency()),
					texts(invoices, (i) -> i.draft().status().name()),
					texts(invoices, (i) -> i.draft().command().getMemo()),
					texts(invoices, (i) -> i.draft().command().getStripeInvoiceId()),
					texts(invoices, (i) -> i.draft().command().getSource().name()))
			.update();
	}

	private static void insertItems(JdbcClient jdbc, List<NewInvoice> invoices) {
		record ItemRow(long invoiceId, int position, InvoiceDraft.Item item) {
		}
		List<ItemRow> rows = new ArrayList<>();
		for (NewInvoice invoice : invoices) {
			List<InvoiceDraft.Item> lines = invoice.draft().items();
			for (int position = 0; position < lines.size(); position++) {
				rows.add(new ItemRow(invoice.id(), position, lines.get(position)));
			}
		}
		jdbc.sql("""
				insert into invoice_items (invoice_id, position, product_id, description, unit_amount, quantity, amount)
				select invoice_id, position, product_id, description, unit_amount, quantity, unit_amount * quantity
				from unnest(?::bigint[], ?::int[], ?::bigint[], ?::text[], ?::bigint[], ?::int[])
				  as v(invoice_id, position, product_id, description, unit_amount, quantity)
				""")
			.params(bigints(rows, ItemRow::invoiceId), bigints(rows, ItemRow::position),
					bigints(rows, (r) -> r.item().productId()), texts(rows, (r) -> r.item().description()),
					bigints(rows, (r) -> r.item().unitAmount()), bigints(rows, (r) -> r.item().quantity()))
			.update();
	}

}
