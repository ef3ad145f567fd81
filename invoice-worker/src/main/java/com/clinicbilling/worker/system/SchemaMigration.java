package com.clinicbilling.worker.system;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.PropertySource;

/**
 * The migration as a step of its own: the worker's image started with the argument
 * {@code migrate} runs its Liquibase changelog with the worker's settings ({@code INVOICE_DB_*}, the
 * schema owner's credentials) and exits, without Kafka, consumers or a web server. Deployed workers
 * then only verify the schema ({@link SchemaVerification}).
 *
 * <p>Deliberately not a {@code @Configuration}: the worker's component scan must not pick it up.
 */
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, LiquibaseAutoConfiguration.class })
@PropertySource("classpath:worker.properties")
public final class SchemaMigration {

	/** The first program argument that selects this mode. */
	public static final String COMMAND = "migrate";

	private SchemaMigration() {
	}

	/** Migrates and returns the exit code; an exception (a failed changeset) propagates. */
	public static int run(String... args) {
		SpringApplication application = new SpringApplication(SchemaMigration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		// This step exists to migrate, whatever INVOICE_DB_MIGRATE says for the worker.
		ConfigurableApplicationContext context = application.run(withMigrationEnabled(args));
		return SpringApplication.exit(context);
	}

	private static String[] withMigrationEnabled(String[] args) {
		String[] all = new String[args.length + 1];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "--spring.liquibase.enabled=true";
		return all;
	}

}
