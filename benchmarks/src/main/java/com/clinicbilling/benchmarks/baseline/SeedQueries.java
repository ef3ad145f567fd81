package com.clinicbilling.benchmarks.baseline;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The seed's database calls. Each read is its own statement and so its own trip to the pool, as each
 * Prisma call was: the "before" route makes up to three duplicate checks and one product lookup per
 * line; the "after" route one combined duplicate check and one product query. The write is the seed's
 * transaction, unchanged by its fixes.
 */
@Repository
class SeedQueries {

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	SeedQueries(JdbcTemplate jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	record Product(long id, String name, long unitAmount) {
	}

	Optional<Long> findByKey(long clinicId, String key) {
		return first("select id from invoices where clinic_id = ? and idempotency_key = ? limit 1", clinicId, key);
	}

	Optional<Long> findSameOrder(long clinicId, long patientId, long orderId) {
		return first("""
				select id from invoices where clinic_id = ? and patient_id = ? and order_id = ?
				and created_at >= now() - interval '5 minutes' order by created_at desc limit 1""", clinicId, patientId,
				orderId);
	}

	Optional<Long> findSameAmount(long clinicId, long patientId, long amount) {
		return first("""
				select id from invoices where clinic_id = ? and patient_id = ? and amount = ?
				and created_at >= now() - interval '2 minutes' order by created_at desc limit 1""", clinicId, patientId,
				amount);
	}

	/** The seed's fix: the three checks as one query with OR. */
	Optional<Long> findDuplicate(long clinicId, String key, long patientId, Long orderId, long amount) {
		return first("""
				select id from invoices where clinic_id = ? and (idempotency_key = ?
				  or (patient_id = ? and order_id = ? and created_at >= now() - interval '5 minutes')
				  or (patient_id = ? and amount = ? and created_at >= now() - interval '2 minutes'))
				order by created_at desc limit 1""", clinicId, key, patientId, orderId, patientId, amount);
	}

	Optional<Product> findProduct(long clinicId, long productId) {
		return this.jdbc
			.query("select id, name, unit_amount from products where id = ? and clinic_id = ?",
					(rs, n) -> new Product(rs.getLong(1), rs.getString(2), rs.getLong(3)), productId, clinicId)
			.stream()
			.findFirst();
	}

	/** The seed's fix: one query for every product of the request. */
	Map<Long, Product> findProducts(long clinicId, List<Long> productIds) {
		Map<Long, Product> products = new HashMap<>();
		this.jdbc.query((con) -> {
			var statement = con.prepareStatement(
					"select id, name, unit_amount from products where clinic_id = ? and id = any(?)");
			Array ids = con.createArrayOf("bigint", productIds.toArray());
			statement.setLong(1, clinicId);
			statement.setArray(2, ids);
			return statement;
		}, (rs) -> {
			products.put(rs.getLong(1), new Product(rs.getLong(1), rs.getString(2), rs.getLong(3)));
		});
		return products;
	}

	Optional<Long> findPatientClinic(long patientId) {
		return first("select clinic_id from patients where id = ?", patientId);
	}

	/** A priced line: what the seed wrote per item. */
	record PricedLine(Long productId, String description, long unitAmount, int quantity) {

		long amount() {
			return this.unitAmount * this.quantity;
		}

	}

	/**
	 * The seed's transaction: the invoice, then each item on its own, then the payment, holding one
	 * connection throughout.
	 */
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

	private Optional<Long> first(String sql, Object... args) {
		return this.jdbc.queryForList(sql, Long.class, args).stream().findFirst();
	}

}
