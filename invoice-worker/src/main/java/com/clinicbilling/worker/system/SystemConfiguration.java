package com.clinicbilling.worker.system;

import java.time.Clock;

import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	@Bean
	static ConnectionBudget connectionBudget(ObjectProvider<WorkerProperties> properties) {
		return new ConnectionBudget(properties);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	NewTopic commandsTopic(WorkerProperties properties) {
		return TopicBuilder.name(Topics.COMMANDS)
			.partitions(properties.partitions())
			.replicas(properties.replicationFactor())
			.build();
	}

	@Bean
	NewTopic requestStatusTopic(WorkerProperties properties) {
		return TopicBuilder.name(Topics.REQUEST_STATUS)
			.partitions(properties.partitions())
			.replicas(properties.replicationFactor())
			.compact()
			.build();
	}

	@Bean
	NewTopic commandsDeadLetterTopic(WorkerProperties properties) {
		return TopicBuilder.name(Topics.COMMANDS_DEAD_LETTER)
			.partitions(properties.partitions())
			.replicas(properties.replicationFactor())
			.build();
	}

}
