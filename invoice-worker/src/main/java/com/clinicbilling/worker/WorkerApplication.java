package com.clinicbilling.worker;

import java.util.Arrays;

import com.clinicbilling.worker.system.SchemaMigration;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.PropertySource;

/**
 * Consumes {@code invoice.commands} and writes invoices to PostgreSQL.
 *
 * <p>Its settings are in {@code worker.properties}, not {@code application.properties}: the local
 * stack runs the worker and the gateway from one class path, where two application.properties
 * would shadow each other. For the same reason the Spring Security auto-configurations are excluded
 * by name: the gateway brings them onto that class path, and the worker serves only its actuator,
 * which is not exposed outside its host or pod.
 */
@SpringBootApplication(excludeName = { "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
		"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
		"org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration" })
@ConfigurationPropertiesScan
@PropertySource("classpath:worker.properties")
public class WorkerApplication {

	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(WorkerApplication.class);
	}

	/** Runs the worker, or with the first argument {@code migrate} only the schema migration. */
	public static void main(String[] args) {
		if (args.length > 0 && SchemaMigration.COMMAND.equals(args[0])) {
			System.exit(SchemaMigration.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(WorkerApplication.class, args);
	}

}
