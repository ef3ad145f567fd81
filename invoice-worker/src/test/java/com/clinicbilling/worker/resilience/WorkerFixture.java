package com.clinicbilling.worker.resilience;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import com.clinicbilling.worker.WorkerApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A broker and a PostgreSQL of the test's own, so a test can stop the database, run several
 * workers and kill them without disturbing other tests. PostgreSQL keeps its data folder and port
 * across a stop, like a real server going away and coming back.
 */
final class WorkerFixture implements AutoCloseable {

	final EmbeddedKafkaKraftBroker kafka;

	private final Path pgData;

	private final int pgPort;

	private EmbeddedPostgres postgres;

	WorkerFixture(Path dataDir) throws IOException {
		this.kafka = new EmbeddedKafkaKraftBroker(1, 6);
		this.kafka.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0", "offsets.topic.replication.factor",
				"1", "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
		this.kafka.afterPropertiesSet();
		this.pgData = dataDir;
		try (ServerSocket socket = new ServerSocket(0)) {
			this.pgPort = socket.getLocalPort();
		}
		startPostgres();
	}

	static List<String> arguments(String bootstrapServers, String jdbcUrl, int concurrency) {
		return List.of("--spring.kafka.bootstrap-servers=" + bootstrapServers, "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
				"--spring.main.web-application-type=none", "--invoice.worker.concurrency=" + concurrency,
				"--spring.datasource.hikari.data-source-properties.ApplicationName=invoice-worker",
				"--invoice.worker.retry-max-interval=2s", "--spring.liquibase.contexts=demo");
	}

	ConfigurableApplicationContext startWorker(int concurrency) {
		return WorkerApplication.builder()
			.web(WebApplicationType.NONE)
			.run(arguments(bootstrapServers(), jdbcUrl(), concurrency).toArray(String[]::new));
	}

	ChildWorker startChildWorker(int concurrency, Path log) throws IOException {
		return ChildWorker.start(bootstrapServers(), jdbcUrl(), concurrency, log);
	}

	String bootstrapServers() {
		return this.kafka.getBrokersAsString();
	}

	String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + this.pgPort + "/postgres";
	}

	Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), "postgres", "postgres");
	}

	void startPostgres() throws IOException {
		this.postgres = EmbeddedPostgres.builder()
			.setDataDirectory(this.pgData)
			.setCleanDataDirectory(false)
			.setPort(this.pgPort)
			.start();
	}

	void stopPostgres() throws IOException {
		this.postgres.close();
	}

	@Override
	public void close() throws IOException {
		this.kafka.destroy();
		this.postgres.close();
	}

}
