package com.clinicbilling.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import com.clinicbilling.benchmarks.profile.ProcessTicks;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The one PostgreSQL every target of the HTTP benchmark writes to, started by the benchmark so
 * that each runs on the same server with the same settings: the local stacks' workers (through
 * {@code INVOICE_LOCAL_DB_URL}) and the seed baselines. The worker's changelog, run by the first
 * stack or baseline, creates the schema and the demo data.
 */
final class BenchDatabase implements AutoCloseable {

	static final String USER = "invoice";

	static final String PASSWORD = "invoice";

	private final EmbeddedPostgres postgres;

	final String jdbcUrl;

	private BenchDatabase(EmbeddedPostgres postgres) {
		this.postgres = postgres;
		this.jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/invoice";
	}

	static BenchDatabase start() throws IOException, SQLException {
		// PostgreSQL's durable defaults, not zonky's (as the drain benchmark): commits pay for the WAL flush.
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("fsync", "on")
			.setServerConfig("max_connections", "200")
			.start();
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("create role " + USER + " login password '" + PASSWORD + "'");
			statement.execute("create database invoice owner " + USER);
		}
		return new BenchDatabase(postgres);
	}

	/** A connection of the benchmark's own, named so that the connection counts leave it out. */
	Connection connect(String applicationName) throws SQLException {
		Properties properties = new Properties();
		properties.setProperty("user", USER);
		properties.setProperty("password", PASSWORD);
		properties.setProperty("ApplicationName", applicationName);
		return DriverManager.getConnection(this.jdbcUrl, properties);
	}

	long postmasterPid() throws SQLException {
		try (Connection connection = connect("bench-sampler")) {
			return ProcessTicks.postmaster(connection);
		}
	}

	URI address() {
		return URI.create(this.jdbcUrl.substring("jdbc:".length()));
	}

	/** The same database through another host and port, e.g. a delaying proxy's. */
	String jdbcUrlVia(int port) {
		return "jdbc:postgresql://127.0.0.1:" + port + address().getPath();
	}

	/** The arguments that make a baseline create the worker's schema and demo data first. */
	static String[] schemaArguments() {
		return new String[] { "--spring.liquibase.enabled=true",
				"--spring.liquibase.change-log=classpath:db/changelog/db.changelog-master.yaml",
				"--spring.liquibase.contexts=demo" };
	}

	@Override
	public void close() throws IOException {
		this.postgres.close();
	}

}
