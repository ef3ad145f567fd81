package com.clinicbilling.benchmarks.http;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slow neighbour of the pipeline: another application on the same PostgreSQL holding
 * connections in long transactions. It shares the server, not the worker's pool, which is the
 * point of the design; it runs until closed, each transaction at most {@code holdMillis}.
 */
final class JdbcNeighbour implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(JdbcNeighbour.class);

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	/** The name its connections carry, so that a target's connection count leaves them out. */
	static final String APPLICATION_NAME = "bench-neighbour";

	JdbcNeighbour(BenchDatabase database, int connections, long holdMillis) {
		for (int i = 0; i < connections; i++) {
			Thread thread = new Thread(() -> hold(database, holdMillis), "bench-neighbour-" + i);
			thread.setDaemon(true);
			thread.start();
			this.threads.add(thread);
		}
		logger.info("Slow neighbour: {} connections to {} in transactions of {} ms", connections, database.jdbcUrl,
				holdMillis);
	}

	private void hold(BenchDatabase database, long holdMillis) {
		try (Connection connection = database.connect(APPLICATION_NAME)) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				while (this.running) {
					statement.execute("select count(*) from invoices where id < 0");
					statement.execute("select pg_sleep(" + (holdMillis / 1000.0) + ")");
					connection.commit();
				}
			}
		}
		catch (SQLException ex) {
			if (this.running) {
				logger.warn("Slow neighbour connection failed: {}", ex.getMessage());
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		for (Thread thread : this.threads) {
			thread.interrupt();
			thread.join(10_000);
		}
	}

}
