package com.clinicbilling.benchmarks.baseline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The seed's transaction, unchanged by its fixes: the invoice, then each item on its own, then the
 * payment, holding one connection throughout.
 */
@Component
class SeedInvoiceWriter {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	SeedInvoiceWriter(JdbcTemplate jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	/** A priced line: what the seed wrote per item. */
	record PricedLine(Long productId, String description, long unitAmount, int quantity) {

		long amount() {
			return this.unitAmount * this.quantity;
		}

	}

	long insert(long clinicId, String key, InvoiceRequest request, List<PricedLine> lines, long amount) {
		boolean paid = request.paidExternally() != null;
		Timestamp now = Timestamp.from(Instant.now());
		Long id = this.transaction.execute((status) -> {
			long invoiceId = this.jdbc.queryForObject("""
					insert into invoices (created_at, clinic_id, patient_id, order_id, idempotency_key, request_id, amount,
					  amount_due, amount_paid, currency, status, memo, metadata)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, jsonb_build_object('source', 'seed-baseline'))
					returning id""", Long.class, now, clinicId, request.patientId(), request.orderId(), key,
					UUID.randomUUID().toString(), amount, paid ? 0 : amount, paid ? amount : 0,
					request.currencyOrDefault(), paid ? "PAID" : "OPEN", request.memo());
			for (int position = 0; position < lines.size(); position++) {
				PricedLine line = lines.get(position);
				this.jdbc.update("""
						insert into invoice_items (invoice_id, position, product_id, description, unit_amount, quantity, amount)
						values (?, ?, ?, ?, ?, ?, ?)""", invoiceId, position, line.productId(), line.description(),
						line.unitAmount(), line.quantity(), line.amount());
			}
			if (paid) {
				InvoiceRequest.PaidExternally payment = request.paidExternally();
				this.jdbc.update("""
						insert into payments (created_at, invoice_id, amount, currency, method, reference, paid_at)
						values (?, ?, ?, ?, ?, ?, ?)""", now, invoiceId, amount, request.currencyOrDefault(),
						payment.method(), payment.reference(),
						(payment.paidAt() != null) ? Timestamp.from(Instant.parse(payment.paidAt())) : now);
			}
			return invoiceId;
		});
		return (id != null) ? id : -1;
	}

}
