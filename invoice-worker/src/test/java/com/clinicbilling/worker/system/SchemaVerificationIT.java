package com.clinicbilling.worker.system;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import com.clinicbilling.worker.TestInfrastructure;
import com.clinicbilling.worker.WorkerApplication;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The migration as a step of its own ({@code migrate}) and the deployed worker's check of the
 * schema, on a real PostgreSQL database of their own.
 */
class SchemaVerificationIT {

	private static final String CHANGE_LOG = "classpath:db/changelog/db.changelog-master.yaml";

	@Test
	void refusesAnEmptySchemaAndAcceptsItOnceTheMigrationStepRan() throws Exception {
		String database = newDatabase();
		DataSource dataSource = TestInfrastructure.postgres().getDatabase("postgres", database);
		SchemaVerification verification = new SchemaVerification(dataSource, CHANGE_LOG, "demo");

		assertThatIllegalStateException().isThrownBy(verification::afterPropertiesSet)
			.withMessageContaining("The database schema is behind this worker")
			.withMessageContaining("\"migrate\"");

		int exitCode = SchemaMigration.run("--spring.datasource.url=" + url(database),
				"--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
				"--spring.liquibase.contexts=demo");

		assertThat(exitCode).isZero();
		assertThat(verification.pendingChangeSets()).isEmpty();
		verification.afterPropertiesSet();
	}

	@Test
	void aWorkerThatMayNotMigrateStopsAtStartOnASchemaThatIsBehindAndStartsOnceItIsMigrated() throws Exception {
		String database = newDatabase();

		assertThatException().isThrownBy(() -> startWorker(database).close())
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("The database schema is behind this worker");
		try (Connection connection = TestInfrastructure.postgres().getDatabase("postgres", database).getConnection();
				ResultSet tables = connection.getMetaData().getTables(null, "public", "invoice_requests", null)) {
			assertThat(tables.next()).as("the worker migrated although it may not").isFalse();
		}

		SchemaMigration.run("--spring.datasource.url=" + url(database), "--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres", "--spring.liquibase.contexts=demo");
		try (ConfigurableApplicationContext worker = startWorker(database)) {
			assertThat(worker.isRunning()).isTrue();
		}
	}

	/**
	 * The deployed configuration: no migration, no topic creation. Its Kafka is an address where
	 * nothing listens, so that it never joins the consumer group of the other tests' workers.
	 */
	private static ConfigurableApplicationContext startWorker(String database) {
		return WorkerApplication.builder()
			.run("--invoice.worker.migrate=false", "--spring.kafka.admin.auto-create=false",
					"--spring.datasource.url=" + url(database), "--spring.datasource.username=postgres",
					"--spring.datasource.password=postgres", "--spring.liquibase.contexts=demo",
					"--spring.main.web-application-type=none", "--spring.kafka.bootstrap-servers=127.0.0.1:9");
	}

	@Test
	void verifiesAsAUserWithoutDdlRights() throws Exception {
		String database = newDatabase();
		SchemaMigration.run("--spring.datasource.url=" + url(database), "--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres", "--spring.liquibase.contexts=demo");
		String user = "app_" + database;
		try (Connection connection = TestInfrastructure.postgres().getDatabase("postgres", database).getConnection();
				Statement statement = connection.createStatement()) {
			// What the deployed worker's user gets (k8s/README.md, "Database users"): data, no DDL.
			statement.execute("CREATE ROLE " + user + " LOGIN");
			statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
			statement.execute("GRANT USAGE ON SCHEMA public TO " + user);
			statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + user);
		}
		DataSource asWorker = TestInfrastructure.postgres().getDatabase(user, database);

		new SchemaVerification(asWorker, CHANGE_LOG, "demo").afterPropertiesSet();
		try (Connection connection = asWorker.getConnection(); Statement statement = connection.createStatement()) {
			assertThatExceptionOfType(SQLException.class).isThrownBy(() -> statement.execute("CREATE TABLE x (id int)"));
		}
	}

	@Test
	void judgesPendingChangeSetsByTheWorkersContexts() throws Exception {
		String database = newDatabase();
		SchemaMigration.run("--spring.datasource.url=" + url(database), "--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres", "--spring.liquibase.contexts=production");
		DataSource dataSource = TestInfrastructure.postgres().getDatabase("postgres", database);

		assertThat(new SchemaVerification(dataSource, CHANGE_LOG, "production").pendingChangeSets()).isEmpty();
		// The demo data was not loaded: a worker expecting it is told the schema is behind.
		assertThat(new SchemaVerification(dataSource, CHANGE_LOG, "demo").pendingChangeSets()).isNotEmpty();
	}

	private static String newDatabase() throws SQLException {
		String name = "schema_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = TestInfrastructure.postgres().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		return name;
	}

	private static String url(String database) {
		return TestInfrastructure.postgres().getJdbcUrl("postgres", database);
	}

}
