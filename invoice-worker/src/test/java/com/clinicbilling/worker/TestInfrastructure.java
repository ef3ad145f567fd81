package com.clinicbilling.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real KRaft broker and one real PostgreSQL per test JVM, shared by every integration test
 * (each test works on its own clinics' keys and data). Started on first use, stopped at JVM exit.
 */
public final class TestInfrastructure {

	private static EmbeddedKafkaKraftBroker kafka;

	private static EmbeddedPostgres postgres;

	private TestInfrastructure() {
	}

	public static synchronized EmbeddedKafkaKraftBroker kafka() {
		if (kafka == null) {
			kafka = startKafka();
		}
		return kafka;
	}

	/**
	 * A broker of its own, for a worker whose consumer group must not share partitions with the
	 * worker contexts of other tests alive in the same JVM. Stopped at JVM exit.
	 */
	public static EmbeddedKafkaKraftBroker startKafka() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
		broker.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0",
				"transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
				"offsets.topic.replication.factor", "1"));
		broker.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
		return broker;
	}

	public static synchronized EmbeddedPostgres postgres() {
		if (postgres == null) {
			try {
				postgres = EmbeddedPostgres.builder().start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					postgres.close();
				}
				catch (IOException ex) {
					// Exiting anyway; zonky removes its files on its own.
				}
			}));
		}
		return postgres;
	}

	public static String jdbcUrl() {
		return postgres().getJdbcUrl("postgres", "postgres");
	}

	/** A connection of a test's own to the shared database, for setting up and asserting. */
	public static JdbcTemplate jdbc() {
		return new JdbcTemplate(new DriverManagerDataSource(jdbcUrl(), "postgres", "postgres"));
	}

	/** Points a worker under test at the shared broker and database, with the demo data. */
	public static void register(DynamicPropertyRegistry registry) {
		register(registry, kafka());
	}

	/** Points a worker under test at a broker of its own ({@link #startKafka()}) and the shared database. */
	public static void register(DynamicPropertyRegistry registry, EmbeddedKafkaKraftBroker broker) {
		registry.add("spring.kafka.bootstrap-servers", broker::getBrokersAsString);
		registry.add("spring.datasource.url", TestInfrastructure::jdbcUrl);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "postgres");
		registry.add("spring.liquibase.contexts", () -> "demo");
		registry.add("spring.main.web-application-type", () -> "none");
	}

}
