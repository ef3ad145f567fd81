package com.clinicbilling.benchmarks.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What PostgreSQL itself allows for the same invoices, with no Kafka and no decisions: the ceiling
 * the worker is held against, and the seed's way of writing as the floor.
 */
public final class RawInsertCeiling {

	static final int BATCH = 500;

	/** Where its connections come from: the drain benchmark's PostgreSQL, or the HTTP benchmark's. */
	public interface Connections {

		Connection connect() throws SQLException;

	}

	private final Connections connections;

	public RawInsertCeiling(Connections connections) {
		this.connections = connections;
	}

	/** Set-based: per batch of 500, ids from the sequence and three {@code unnest} inserts, one transaction. */
	public double setBased(BenchClinic clinic, String keyPrefix, int invoices, int connections) throws Exception {
		AtomicInteger nextBatch = new AtomicInteger();
		int batches = (invoices + BATCH - 1) / BATCH;
		ExecutorService threads = Executors.newFixedThreadPool(connections);
		List<Connection> open = new ArrayList<>();
		try {
			for (int i = 0; i < connections; i++) {
				Connection connection = this.connections.connect();
				connection.setAutoCommit(false);
				open.add(connection);
			}
			long started = System.nanoTime();
			List<Future<?>> done = new ArrayList<>();
			for (Connection connection : open) {
				done.add(threads.submit(() -> {
					for (int batch = nextBatch.getAndIncrement(); batch < batches; batch = nextBatch.getAndIncrement()) {
						List<InvoiceShape.Rows> rows = new ArrayList<>(BATCH);
						for (int n = batch * BATCH; n < Math.min(invoices, (batch + 1) * BATCH); n++) {
							rows.add(InvoiceShape.rows(clinic, keyPrefix, n));
						}
						SetBasedRows.insert(connection, clinic, rows, Instant.now());
						connection.commit();
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
			return invoices / ((System.nanoTime() - started) / 1e9);
		}
		finally {
			threads.shutdownNow();
			for (Connection connection : open) {
				connection.close();
			}
		}
	}

	/**
	 * The seed's transaction on one connection: per invoice, insert the invoice, then each item on
	 * its own, then the payment, then commit. (Without the seed's reads before it: this is the
	 * floor of its writing alone.)
	 */
	double perCommand(BenchClinic clinic, String keyPrefix, int invoices) throws SQLException {
		try (Connection connection = this.connections.connect()) {
			connection.setAutoCommit(false);
			try (PreparedStatement invoice = connection.prepareStatement("""
					insert into invoices (created_at, clinic_id, patient_id, order_id, idempotency_key, request_id, amount,
					  amount_due, amount_paid, currency, status, metadata)
					values (?, ?, ?, ?, ?, ?, ?, 0, ?, 'usd', 'PAID', jsonb_build_object('requestId', ?::text, 'source', 'API'))
					returning id""");
					PreparedStatement item = connection.prepareStatement("""
							insert into invoice_items (invoice_id, position, product_id, description, unit_amount, quantity, amount)
							values (?, ?, ?, ?, ?, ?, ?)""");
					PreparedStatement payment = connection.prepareStatement("""
							insert into payments (created_at, invoice_id, amount, currency, method, reference, paid_at)
							values (?, ?, ?, 'usd', 'STRIPE_NOT_SYNCED', ?, ?)""")) {
				long started = System.nanoTime();
				for (int n = 0; n < invoices; n++) {
					InvoiceShape.Rows rows = InvoiceShape.rows(clinic, keyPrefix, n);
					Timestamp now = Timestamp.from(Instant.now());
					bind(invoice, now, clinic.id(), rows.patientId(), rows.orderId(), rows.idempotencyKey(), rows.requestId(),
							rows.amount(), rows.amount(), rows.requestId());
					long id;
					try (ResultSet rs = invoice.executeQuery()) {
						rs.next();
						id = rs.getLong(1);
					}
					for (int position = 0; position < rows.items().size(); position++) {
						InvoiceShape.Item line = rows.items().get(position);
						bind(item, id, position, line.productId(), line.description(), line.unitAmount(), line.quantity(),
								line.amount());
						item.executeUpdate();
					}
					bind(payment, now, id, rows.amount(), rows.paymentReference(), now);
					payment.executeUpdate();
					connection.commit();
				}
				return invoices / ((System.nanoTime() - started) / 1e9);
			}
		}
	}

	/** The statement's parameters in order; the driver maps each by its Java type, as the typed setters did. */
	private static void bind(PreparedStatement statement, Object... values) throws SQLException {
		for (int i = 0; i < values.length; i++) {
			statement.setObject(i + 1, values[i]);
		}
	}

}
