package com.clinicbilling.worker.system;

import java.time.Clock;

import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

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
	KafkaAdmin.NewTopics topics(WorkerProperties properties) {
		return new KafkaAdmin.NewTopics(
				Topics.declarations(properties.partitions(), properties.replicationFactor()).toArray(NewTopic[]::new));
	}

}
