package com.clinicbilling.worker.system;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.changelog.ChangeSet;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.InitializingBean;

/**
 * Where the worker does not migrate ({@code invoice.worker.migrate=false}, deployed: the migration is
 * a step of its own, with the schema owner's credentials), checks at start-up that every changeset
 * of its changelog has been applied, and stops the start with a clear message if not. Runs before
 * the consumers start, so a worker never processes commands against a schema that is behind.
 */
final class SchemaVerification implements InitializingBean {

	private static final Logger logger = LoggerFactory.getLogger(SchemaVerification.class);

	private static final String CLASSPATH = "classpath:";

	private final DataSource dataSource;

	private final String changeLog;

	private final String contexts;

	SchemaVerification(DataSource dataSource, String changeLog, String contexts) {
		this.dataSource = dataSource;
		this.changeLog = changeLog.startsWith(CLASSPATH) ? changeLog.substring(CLASSPATH.length()) : changeLog;
		this.contexts = contexts;
	}

	@Override
	public void afterPropertiesSet() throws SQLException, LiquibaseException {
		List<ChangeSet> pending = pendingChangeSets();
		if (!pending.isEmpty()) {
			ChangeSet first = pending.get(0);
			throw new IllegalStateException("The database schema is behind this worker: " + pending.size()
					+ " changeset(s) not applied, the first " + first.getFilePath() + "::" + first.getId() + "::"
					+ first.getAuthor() + ". Run the migration first (the worker image with the argument"
					+ " \"migrate\" and the schema owner's credentials), or set INVOICE_DB_MIGRATE=true where the"
					+ " worker may migrate itself.");
		}
		logger.info("Database schema is current ({}, contexts {})", this.changeLog, this.contexts);
	}

	List<ChangeSet> pendingChangeSets() throws SQLException, LiquibaseException {
		// One connection, borrowed before any consumer thread exists and returned at once.
		try (Connection connection = this.dataSource.getConnection()) {
			Database database = DatabaseFactory.getInstance()
				.findCorrectDatabaseImplementation(new JdbcConnection(connection));
			Liquibase liquibase = new Liquibase(this.changeLog, new ClassLoaderResourceAccessor(), database);
			return liquibase.listUnrunChangeSets(new Contexts(this.contexts), new LabelExpression());
		}
	}

}
