package com.clinicbilling.benchmarks.http;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the baselines write to: the local stack's when it answers (then the pipeline and
 * the baselines share one server, as in the incident), else one of the benchmark's own, whose
 * schema and demo data the first baseline applies with the worker's changelog.
 */
final class BaselineDatabase implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BaselineDatabase.class);

	final String jdbcUrl;

	final String user;

	final String password;

	final boolean owned;

	private final EmbeddedPostgres embedded;

	private BaselineDatabase(String jdbcUrl, String user, String password, EmbeddedPostgres embedded) {
		this.jdbcUrl = jdbcUrl;
		this.user = user;
		this.password = password;
		this.owned = embedded != null;
		this.embedded = embedded;
	}

	static BaselineDatabase open(String stackJdbcUrl) throws IOException {
		DriverManager.setLoginTimeout(2);
		try (Connection connection = DriverManager.getConnection(stackJdbcUrl, "invoice", "invoice")) {
			logger.info("Baselines use the local stack's PostgreSQL {}", stackJdbcUrl);
			return new BaselineDatabase(stackJdbcUrl, "invoice", "invoice", null);
		}
		catch (SQLException ex) {
			logger.info("The local stack's PostgreSQL does not answer ({}); starting one for the baselines",
					ex.getMessage());
		}
		// As the drain benchmark: PostgreSQL's durable defaults, not zonky's.
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setServerConfig("synchronous_commit", "on")
			.setServerConfig("fsync", "on")
			.start();
		return new BaselineDatabase(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", postgres);
	}

	/** The arguments that make a baseline create the worker's schema and demo data first. */
	String[] schemaArguments() {
		return new String[] { "--spring.liquibase.enabled=true",
				"--spring.liquibase.change-log=classpath:db/changelog/db.changelog-master.yaml",
				"--spring.liquibase.contexts=demo" };
	}

	@Override
	public void close() throws IOException {
		if (this.embedded != null) {
			this.embedded.close();
		}
	}

}
