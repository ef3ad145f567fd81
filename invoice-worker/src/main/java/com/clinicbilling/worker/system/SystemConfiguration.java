package com.clinicbilling.worker.system;

import java.time.Clock;

import javax.sql.DataSource;

import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean
	static ConnectionBudget connectionBudget(ObjectProvider<WorkerProperties> properties) {
		return new ConnectionBudget(properties);
	}

	/** Deployed workers verify the schema instead of migrating it (worker.properties). */
	@Bean
	@ConditionalOnBooleanProperty(name = "invoice.worker.migrate", havingValue = false)
	static SchemaVerification schemaVerification(DataSource dataSource, Environment environment) {
		return new SchemaVerification(dataSource, environment.getRequiredProperty("spring.liquibase.change-log"),
				environment.getProperty("spring.liquibase.contexts", ""));
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Only where {@code spring.kafka.admin.auto-create} is true (its default: local stack, tests).
	 * Deployed environments set it false and create the topics themselves, so an application never
	 * creates a topic with the wrong settings.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "spring.kafka.admin.auto-create", matchIfMissing = true)
	KafkaAdmin.NewTopics topics(WorkerProperties properties) {
		return new KafkaAdmin.NewTopics(
				Topics.declarations(properties.partitions(), properties.replicationFactor()).toArray(NewTopic[]::new));
	}

}
