package com.clinicbilling.benchmarks.baseline;

import java.sql.Array;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The seed's reads, each its own statement and so its own trip to the pool, as each Prisma call
 * was: the "before" route makes up to three duplicate checks and one product lookup per line; the
 * "after" route one combined duplicate check and one product query.
 */
@Repository
class SeedQueries {

	private final JdbcTemplate jdbc;

	SeedQueries(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
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

	private Optional<Long> first(String sql, Object... args) {
		return this.jdbc.queryForList(sql, Long.class, args).stream().findFirst();
	}

}
