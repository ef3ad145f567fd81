package com.clinicbilling.benchmarks.http;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a scenario did to PostgreSQL, seen from the database: the peak number of connections of
 * the target ({@code pg_stat_activity}, sampled every 10 ms on a connection of its own, leaving
 * out the benchmark's and the pipeline's slow neighbour) and the invoices committed per second
 * (rows added since the scenario began, over the time to the last one's {@code created_at}).
 */
final class DatabaseWindow implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DatabaseWindow.class);

	private static final String APPLICATION_NAME = "bench-sampler";

	private static final Duration SAMPLE_EVERY = Duration.ofMillis(10);

	private final Connection sampling;

	private final Connection counting;

	private final Thread sampler;

	private final AtomicInteger peak = new AtomicInteger();

	private volatile boolean running = true;

	private long firstId;

	private Instant start;

	DatabaseWindow(BenchDatabase database) throws SQLException {
		this.sampling = database.connect(APPLICATION_NAME);
		this.counting = database.connect(APPLICATION_NAME);
		this.sampler = new Thread(this::sample, "bench-connection-sampler");
		this.sampler.setDaemon(true);
		this.sampler.start();
	}

	/** Starts a scenario's window: the peak and the count start again from here. */
	void open() throws SQLException {
		try (Statement statement = this.counting.createStatement();
				ResultSet rs = statement.executeQuery("select coalesce(max(id), 0) from invoices")) {
			rs.next();
			this.firstId = rs.getLong(1) + 1;
		}
		this.start = Instant.now();
		this.peak.set(0);
	}

	/** Ends the window, once every accepted request is processed, into the scenario's result. */
	void closeInto(LoadResult result) throws SQLException {
		result.peakConnections = this.peak.get();
		try (PreparedStatement statement = this.counting
			.prepareStatement("select count(*), max(created_at) from invoices where id >= ?")) {
			statement.setLong(1, this.firstId);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				long invoices = rs.getLong(1);
				Timestamp last = rs.getTimestamp(2);
				double seconds = (last != null) ? Duration.between(this.start, last.toInstant()).toNanos() / 1e9 : 0;
				result.invoicesCommitted = invoices;
				result.committedPerSecond = (seconds > 0) ? invoices / seconds : Double.NaN;
			}
		}
	}

	private void sample() {
		try (PreparedStatement statement = this.sampling.prepareStatement("""
				select count(*) from pg_stat_activity
				where backend_type = 'client backend' and datname = current_database()
				  and application_name not in (?, ?)""")) {
			statement.setString(1, APPLICATION_NAME);
			statement.setString(2, JdbcNeighbour.APPLICATION_NAME);
			while (this.running) {
				try (ResultSet rs = statement.executeQuery()) {
					rs.next();
					this.peak.accumulateAndGet(rs.getInt(1), Math::max);
				}
				Thread.sleep(SAMPLE_EVERY.toMillis());
			}
		}
		catch (SQLException ex) {
			if (this.running) {
				logger.warn("Sampling pg_stat_activity stopped: {}", ex.getMessage());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() throws SQLException, InterruptedException {
		this.running = false;
		this.sampler.interrupt();
		this.sampler.join(5_000);
		this.sampling.close();
		this.counting.close();
	}

}
