package com.clinicbilling.benchmarks.worker;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One batch of invoices with their items and payments in three {@code INSERT … SELECT FROM unnest}
 * statements, the way the worker writes them, minus everything the worker decides first.
 */
final class SetBasedRows {

	private SetBasedRows() {
	}

	static void insert(Connection connection, BenchClinic clinic, List<InvoiceShape.Rows> rows, Instant now)
			throws SQLException {
		List<Long> ids = allocateIds(connection, rows.size());
		Timestamp at = Timestamp.from(now);
		try (PreparedStatement invoices = connection.prepareStatement("""
				insert into invoices (created_at, id, clinic_id, patient_id, order_id, idempotency_key, request_id,
				  amount, amount_due, amount_paid, currency, status, metadata)
				select ?, id, ?, patient_id, order_id, idempotency_key, request_id, amount, 0, amount, 'usd', 'PAID',
				  jsonb_build_object('requestId', request_id, 'source', 'API')
				from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::bigint[])
				  as v(id, patient_id, order_id, idempotency_key, request_id, amount)""")) {
			invoices.setTimestamp(1, at);
			invoices.setLong(2, clinic.id());
			invoices.setArray(3, bigints(connection, ids));
			invoices.setArray(4, bigints(connection, map(rows, InvoiceShape.Rows::patientId)));
			invoices.setArray(5, bigints(connection, map(rows, InvoiceShape.Rows::orderId)));
			invoices.setArray(6, texts(connection, map(rows, InvoiceShape.Rows::idempotencyKey)));
			invoices.setArray(7, texts(connection, map(rows, InvoiceShape.Rows::requestId)));
			invoices.setArray(8, bigints(connection, map(rows, InvoiceShape.Rows::amount)));
			invoices.executeUpdate();
		}
		insertItems(connection, rows, ids);
		try (PreparedStatement payments = connection.prepareStatement("""
				insert into payments (created_at, invoice_id, amount, currency, method, reference, paid_at)
				select ?, invoice_id, amount, 'usd', 'STRIPE_NOT_SYNCED', reference, ?
				from unnest(?::bigint[], ?::bigint[], ?::text[]) as v(invoice_id, amount, reference)""")) {
			payments.setTimestamp(1, at);
			payments.setTimestamp(2, at);
			payments.setArray(3, bigints(connection, ids));
			payments.setArray(4, bigints(connection, map(rows, InvoiceShape.Rows::amount)));
			payments.setArray(5, texts(connection, map(rows, InvoiceShape.Rows::paymentReference)));
			payments.executeUpdate();
		}
	}

	private static void insertItems(Connection connection, List<InvoiceShape.Rows> rows, List<Long> ids)
			throws SQLException {
		List<Long> invoiceIds = new ArrayList<>();
		List<Long> positions = new ArrayList<>();
		List<InvoiceShape.Item> items = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			List<InvoiceShape.Item> lines = rows.get(i).items();
			for (int position = 0; position < lines.size(); position++) {
				invoiceIds.add(ids.get(i));
				positions.add((long) position);
				items.add(lines.get(position));
			}
		}
		try (PreparedStatement statement = connection.prepareStatement("""
				insert into invoice_items (invoice_id, position, product_id, description, unit_amount, quantity, amount)
				select invoice_id, position, product_id, description, unit_amount, quantity, unit_amount * quantity
				from unnest(?::bigint[], ?::int[], ?::bigint[], ?::text[], ?::bigint[], ?::int[])
				  as v(invoice_id, position, product_id, description, unit_amount, quantity)""")) {
			statement.setArray(1, bigints(connection, invoiceIds));
			statement.setArray(2, bigints(connection, positions));
			statement.setArray(3, bigints(connection, map(items, InvoiceShape.Item::productId)));
			statement.setArray(4, texts(connection, map(items, InvoiceShape.Item::description)));
			statement.setArray(5, bigints(connection, map(items, InvoiceShape.Item::unitAmount)));
			statement.setArray(6, bigints(connection, map(items, (item) -> (long) item.quantity())));
			statement.executeUpdate();
		}
	}

	private static List<Long> allocateIds(Connection connection, int count) throws SQLException {
		List<Long> ids = new ArrayList<>(count);
		try (PreparedStatement statement = connection
			.prepareStatement("select nextval('invoices_id_seq') from generate_series(1, ?)")) {
			statement.setInt(1, count);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					ids.add(rs.getLong(1));
				}
			}
		}
		return ids;
	}

	private static Array bigints(Connection connection, List<Long> values) throws SQLException {
		return connection.createArrayOf("bigint", values.toArray());
	}

	private static Array texts(Connection connection, List<String> values) throws SQLException {
		return connection.createArrayOf("text", values.toArray());
	}

	private static <T, R> List<R> map(List<T> rows, Function<T, R> column) {
		return rows.stream().map(column).toList();
	}

}
