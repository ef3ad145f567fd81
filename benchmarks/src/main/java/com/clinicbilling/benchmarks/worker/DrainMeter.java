package com.clinicbilling.benchmarks.worker;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Watches one drain: waits for the last status (read by {@code StatusWatcher}) and meanwhile samples
 * what the worker's connections are doing, every {@link #INTERVAL_MILLIS}, on a connection of its
 * own (never one of the worker's pool). Afterwards it checks from the tables that every command
 * made exactly its invoice.
 */
final class DrainMeter {

	static final long INTERVAL_MILLIS = 20;

	private final Connection connection;

	DrainMeter(Connection connection) {
		this.connection = connection;
	}

	/**
	 * @param firstRow when the first invoice was written: the start of its batch's transaction, on
	 * the worker's clock (the same JVM's), i.e. the start of consumption
	 * @param done when the last status was seen, or null on time-out
	 * @param outcomes recorded outcomes of the clinic's commands, e.g. "CREATED=20000"
	 */
	record Drain(int expected, int invoices, Instant resumedAt, Instant firstRow, Instant done, String outcomes,
			ConnectionActivity activity) {

		boolean complete() {
			return this.done != null && this.invoices == this.expected
					&& this.outcomes.equals("CREATED=" + this.expected);
		}

		Duration drainTime() {
			return Duration.between(this.firstRow, this.done);
		}

		double invoicesPerSecond() {
			return complete() ? this.invoices / (drainTime().toNanos() / 1e9) : Double.NaN;
		}

		Duration timeToFirstRow() {
			return (this.firstRow != null) ? Duration.between(this.resumedAt, this.firstRow) : Duration.ZERO;
		}

	}

	/** The statuses of one drain; set it before the worker may write them. */
	static final class Expectation {

		private final Set<String> pending = ConcurrentHashMap.newKeySet();

		private final CountDownLatch complete = new CountDownLatch(1);

		private volatile Instant done;

		Expectation(Collection<String> requestIds) {
			this.pending.addAll(requestIds);
		}

		static void seen(Expectation expectation, String requestId) {
			if (expectation != null && expectation.pending.remove(requestId) && expectation.pending.isEmpty()) {
				expectation.done = Instant.now();
				expectation.complete.countDown();
			}
		}

		/** Waits up to {@code timeout}; answers whether every status was seen. */
		boolean await(long timeout, TimeUnit unit) throws InterruptedException {
			return this.complete.await(timeout, unit);
		}

		Instant done() {
			return this.done;
		}

		int pending() {
			return this.pending.size();
		}

	}

	Drain watch(long clinicId, Expectation expectation, int expected, Instant resumedAt,
			Duration timeout) throws SQLException, InterruptedException {
		ConnectionActivity activity = new ConnectionActivity();
		long deadline = System.nanoTime() + timeout.toNanos();
		try (PreparedStatement sample = this.connection.prepareStatement(
				"select state, wait_event_type, wait_event from pg_stat_activity where application_name = ?")) {
			sample.setString(1, WorkerUnderTest.APPLICATION_NAME);
			while (!expectation.await(INTERVAL_MILLIS, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline) {
				// Only once consumption has begun: the wait for the first fetch is no part of the drain.
				if (expectation.pending() < expected) {
					sample(sample, activity);
				}
			}
		}
		return new Drain(expected, count("select count(*) from invoices where clinic_id = ?", clinicId), resumedAt,
				firstRow(clinicId), expectation.done(), outcomes(clinicId), activity);
	}

	private String outcomes(long clinicId) throws SQLException {
		StringBuilder out = new StringBuilder();
		try (PreparedStatement statement = this.connection.prepareStatement(
				"select outcome, count(*) from invoice_requests where clinic_id = ? group by outcome order by outcome")) {
			statement.setLong(1, clinicId);
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					out.append((out.length() == 0) ? "" : ", ").append(rs.getString(1)).append('=').append(rs.getLong(2));
				}
			}
		}
		return out.toString();
	}

	private Instant firstRow(long clinicId) throws SQLException {
		try (PreparedStatement statement = this.connection
			.prepareStatement("select min(created_at) from invoices where clinic_id = ?")) {
			statement.setLong(1, clinicId);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				Timestamp first = rs.getTimestamp(1);
				return (first != null) ? first.toInstant() : null;
			}
		}
	}

	private int count(String sql, long clinicId) throws SQLException {
		try (PreparedStatement statement = this.connection.prepareStatement(sql)) {
			statement.setLong(1, clinicId);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

	private static void sample(PreparedStatement sample, ConnectionActivity activity) throws SQLException {
		try (ResultSet rs = sample.executeQuery()) {
			while (rs.next()) {
				activity.add(rs.getString(1), rs.getString(2), rs.getString(3));
			}
		}
	}

}
