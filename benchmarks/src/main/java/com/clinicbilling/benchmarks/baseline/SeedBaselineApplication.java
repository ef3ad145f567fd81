package com.clinicbilling.benchmarks.baseline;

import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The seed's synchronous invoice route, as a baseline to hold the pipeline against: one HTTP
 * request does all its database work while the client waits, on a shared pool of 10 connections
 * with a 15 s connection timeout (the incident's Prisma settings). {@code --baseline.mode=before}
 * is the route of the incident, {@code after} the route with the seed's fixes. Both answer 201.
 *
 * <p>Runs in its own JVM, started by the HTTP benchmark, on the worker's tables. Not part of the
 * product: it exists to be measured.
 */
@SpringBootApplication(excludeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@EnableConfigurationProperties(BaselineProperties.class)
public class SeedBaselineApplication {

	/** The incident's pool: connection_limit 10, pool_timeout 15 s. */
	static final Map<String, Object> DEFAULTS = Map.of("spring.datasource.hikari.maximum-pool-size", 10,
			"spring.datasource.hikari.connection-timeout", 15_000, "spring.datasource.hikari.pool-name", "seed-baseline",
			"spring.liquibase.enabled", false, "server.address", "127.0.0.1", "spring.main.banner-mode", "off",
			"spring.jmx.enabled", false, "logging.level.root", "WARN", "server.tomcat.threads.max", 200);

	public static void main(String[] args) {
		new SpringApplicationBuilder(SeedBaselineApplication.class).web(WebApplicationType.SERVLET)
			.properties(DEFAULTS)
			.run(args);
	}

}
