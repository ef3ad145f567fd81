package com.clinicbilling.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.PropertySource;

/**
 * The HTTP edge: authenticates, validates and publishes {@code CreateInvoice} commands to Kafka and
 * serves their status from the compacted status topic. It never opens a database connection.
 *
 * <p>Settings live in {@code gateway.properties}, not {@code application.properties}: the local stack
 * puts this jar and the worker's on one classpath, where an {@code application.properties} of either
 * would configure both. The JDBC and Liquibase auto-configurations are excluded by name for the same
 * reason: the worker brings them onto that classpath, and the gateway must not start a pool.
 */
@SpringBootApplication(excludeName = {
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JndiDataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.XADataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
		"org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
		"org.springframework.boot.liquibase.autoconfigure.LiquibaseEndpointAutoConfiguration" })
@PropertySource("classpath:gateway.properties")
public class GatewayApplication {

	/** The application as the local stack starts it, next to the worker in the same JVM. */
	public static SpringApplicationBuilder builder() {
		return new SpringApplicationBuilder(GatewayApplication.class);
	}

	public static void main(String[] args) {
		SpringApplication application = builder().build();
		application.run(args);
	}

}
