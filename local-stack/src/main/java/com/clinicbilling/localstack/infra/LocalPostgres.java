package com.clinicbilling.localstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from zonky's embedded binaries, keeping its data in a given folder so it survives a
 * restart. A postmaster left running by a process killed with SIGKILL is stopped before the new one starts.
 */
public final class LocalPostgres extends LocalServer {

	private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

	private final EmbeddedPostgres postgres;

	private LocalPostgres(EmbeddedPostgres postgres, String jdbcUrl, Path dataDir) {
		super(dataDir, jdbcUrl);
		this.postgres = postgres;
	}

	/**
	 * Starts PostgreSQL on 127.0.0.1:{@code port} with its data in {@code dataDir} (created by initdb on the
	 * first start) and makes sure the login role {@code user} and its database {@code database} exist.
	 */
	public static LocalPostgres start(Path dataDir, int port, String database, String user, String password) {
		long started = System.nanoTime();
		LocalPostgres local = claimFor("PostgreSQL", dataDir, (dir) -> {
			new StalePostmaster(dir).stopIfRunning(port);
			// zonky only polls the port for readiness: a foreign server there would look like ours.
			Ports.requireFree(port, "PostgreSQL");
			return new LocalPostgres(startServer(dir, port), "jdbc:postgresql://127.0.0.1:" + port + "/" + database, dir);
		});
		try (Connection connection = local.postgres.getPostgresDatabase().getConnection()) {
			requireOwnDataDirectory(connection, local.dataDir);
			ensureRole(connection, user, password);
			ensureDatabase(connection, database, user);
		}
		catch (SQLException | RuntimeException ex) {
			local.close();
			throw new IllegalStateException("Could not prepare PostgreSQL on port " + port, ex);
		}
		log.info("PostgreSQL ready at {} in {} ms (data in {})", local.address,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), local.dataDir);
		return local;
	}

	public String jdbcUrl() {
		return this.address;
	}

	/** Stops the server (pg_ctl stop -m fast) and waits for it. */
	@Override
	protected void stop() {
		try {
			this.postgres.close();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not stop PostgreSQL", ex);
		}
	}

	private static EmbeddedPostgres startServer(Path dir, int port) {
		try {
			Files.createDirectories(dir);
			return EmbeddedPostgres.builder()
				.setDataDirectory(dir)
				.setCleanDataDirectory(false)
				.setPort(port)
				.setServerConfig("listen_addresses", "127.0.0.1")
				.setServerConfig("max_connections", "100")
				// zonky trades durability for test speed (-F and synchronous_commit=off); a committed invoice
				// must still be there after the server itself is killed, so both are turned back on.
				.setServerConfig("fsync", "on")
				.setServerConfig("synchronous_commit", "on")
				// Crash recovery after a kill can take longer than zonky's default 10 s.
				.setPGStartupWait(Duration.ofSeconds(60))
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start PostgreSQL on port " + port + " with data in " + dir, ex);
		}
	}

	private static void requireOwnDataDirectory(Connection connection, Path dir) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SHOW data_directory")) {
			result.next();
			Path served = Path.of(result.getString(1));
			if (!Files.isSameFile(served, dir)) {
				throw new IllegalStateException("The PostgreSQL on this port serves " + served + ", not " + dir);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void ensureRole(Connection connection, String user, String password) throws SQLException {
		if (!exists(connection, "SELECT 1 FROM pg_roles WHERE rolname = ?", user)) {
			execute(connection, "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', ?::text, ?::text)", user, password);
			log.info("Created PostgreSQL role {}", user);
		}
	}

	private static void ensureDatabase(Connection connection, String database, String owner) throws SQLException {
		if (!exists(connection, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
			execute(connection, "SELECT format('CREATE DATABASE %I OWNER %I', ?::text, ?::text)", database, owner);
			log.info("Created PostgreSQL database {} owned by {}", database, owner);
		}
	}

	private static boolean exists(Connection connection, String query, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(query)) {
			statement.setString(1, name);
			try (ResultSet result = statement.executeQuery()) {
				return result.next();
			}
		}
	}

	/** DDL takes no bind parameters, so the server's format() quotes the names and the password. */
	private static void execute(Connection connection, String formatQuery, String... arguments) throws SQLException {
		String ddl;
		try (PreparedStatement statement = connection.prepareStatement(formatQuery)) {
			for (int i = 0; i < arguments.length; i++) {
				statement.setString(i + 1, arguments[i]);
			}
			try (ResultSet result = statement.executeQuery()) {
				result.next();
				ddl = result.getString(1);
			}
		}
		try (Statement statement = connection.createStatement()) {
			statement.execute(ddl);
		}
	}

}
