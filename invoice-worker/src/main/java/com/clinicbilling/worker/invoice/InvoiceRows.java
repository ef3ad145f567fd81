package com.clinicbilling.worker.invoice;

import java.util.ArrayList;
import java.util.List;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.ExternalPayment;

import org.springframework.jdbc.core.JdbcTemplate;

import static com.clinicbilling.worker.invoice.InvoiceBatchStore.bigints;
import static com.clinicbilling.worker.invoice.InvoiceBatchStore.map;
import static com.clinicbilling.worker.invoice.InvoiceBatchStore.statement;
import static com.clinicbilling.worker.invoice.InvoiceBatchStore.texts;
import static com.clinicbilling.worker.invoice.InvoiceBatchStore.timestamp;
import static com.clinicbilling.worker.invoice.InvoiceBatchStore.timestamps;

/**
 * Set-based inserts of invoices, their items and their payments: three statements for a whole
 * batch, where the seed's route inserted each item on its own.
 */
final class InvoiceRows {

	private InvoiceRows() {
	}

	static void insert(JdbcTemplate jdbc, List<NewInvoice> invoices) {
		if (invoices.isEmpty()) {
			return;
		}
		insertInvoices(jdbc, invoices);
		insertItems(jdbc, invoices);
		insertPayments(jdbc, invoices.stream().filter((i) -> i.draft().command().getPaidExternally() != null).toList());
	}

	/** Metadata records where the invoice came from (request id and source), for support and audits. */
	private static void insertInvoices(JdbcTemplate jdbc, List<NewInvoice> invoices) {
		List<CreateInvoice> commands = map(invoices, (i) -> i.draft().command());
		jdbc.update((con) -> statement(con, """
				insert into invoices (created_at, id, clinic_id, patient_id, order_id, idempotency_key, request_id,
				  amount, amount_due, amount_paid, currency, status, memo, stripe_invoice_id, metadata)
				select ?, id, clinic_id, patient_id, order_id, idempotency_key, request_id, amount, amount_due,
				  amount_paid, currency, status, memo, stripe_invoice_id,
				  jsonb_build_object('requestId', request_id, 'source', source)
				from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::bigint[],
				  ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
				  as v(id, clinic_id, patient_id, order_id, idempotency_key, request_id, amount, amount_due,
				  amount_paid, currency, status, memo, stripe_invoice_id, source)
				""", timestamp(invoices.get(0).createdAt()), bigints(con, map(invoices, NewInvoice::id)),
				bigints(con, map(commands, CreateInvoice::getClinicId)),
				bigints(con, map(commands, CreateInvoice::getPatientId)),
				bigints(con, map(commands, CreateInvoice::getOrderId)),
				texts(con, map(commands, CreateInvoice::getIdempotencyKey)),
				texts(con, map(commands, CreateInvoice::getRequestId)),
				bigints(con, map(invoices, (i) -> i.draft().amount())),
				bigints(con, map(invoices, (i) -> i.draft().amountDue())),
				bigints(con, map(invoices, (i) -> i.draft().amountPaid())),
				texts(con, map(commands, CreateInvoice::getCurrency)),
				texts(con, map(invoices, (i) -> i.draft().status().name())),
				texts(con, map(commands, CreateInvoice::getMemo)),
				texts(con, map(commands, CreateInvoice::getStripeInvoiceId)),
				texts(con, map(commands, (c) -> c.getSource().name()))));
	}

	private static void insertItems(JdbcTemplate jdbc, List<NewInvoice> invoices) {
		List<Long> invoiceIds = new ArrayList<>();
		List<Long> positions = new ArrayList<>();
		List<InvoiceDraft.Item> items = new ArrayList<>();
		for (NewInvoice invoice : invoices) {
			List<InvoiceDraft.Item> lines = invoice.draft().items();
			for (int position = 0; position < lines.size(); position++) {
				invoiceIds.add(invoice.id());
				positions.add((long) position);
				items.add(lines.get(position));
			}
		}
		jdbc.update((con) -> statement(con, """
				insert into invoice_items (invoice_id, position, product_id, description, unit_amount, quantity, amount)
				select invoice_id, position, product_id, description, unit_amount, quantity, unit_amount * quantity
				from unnest(?::bigint[], ?::int[], ?::bigint[], ?::text[], ?::bigint[], ?::int[])
				  as v(invoice_id, position, product_id, description, unit_amount, quantity)
				""", bigints(con, invoiceIds), bigints(con, positions),
				bigints(con, map(items, InvoiceDraft.Item::productId)),
				texts(con, map(items, InvoiceDraft.Item::description)),
				bigints(con, map(items, InvoiceDraft.Item::unitAmount)),
				bigints(con, map(items, (i) -> (long) i.quantity()))));
	}

	private static void insertPayments(JdbcTemplate jdbc, List<NewInvoice> paid) {
		if (paid.isEmpty()) {
			return;
		}
		List<ExternalPayment> payments = map(paid, (i) -> i.draft().command().getPaidExternally());
		jdbc.update((con) -> statement(con, """
				insert into payments (created_at, invoice_id, amount, currency, method, reference, paid_at)
				select ?, * from unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
				""", timestamp(paid.get(0).createdAt()), bigints(con, map(paid, NewInvoice::id)),
				bigints(con, map(paid, (i) -> i.draft().amountPaid())),
				texts(con, map(paid, (i) -> i.draft().command().getCurrency())),
				texts(con, map(payments, (p) -> p.getMethod().name())),
				texts(con, map(payments, ExternalPayment::getReference)),
				timestamps(con, map(payments, ExternalPayment::getPaidAt))));
	}

}
