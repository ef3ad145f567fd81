package com.clinicbilling.gateway.admin;

import java.time.Clock;
import java.time.Duration;

import com.clinicbilling.gateway.submit.CommandPublisher;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminConfiguration.DeadLetterProperties.class)
class AdminConfiguration {

	/**
	 * Settings of the dead-letter admin API ({@code invoice.gateway.dead-letters.*}).
	 *
	 * @param maxRecords most dead letters read per request; the topic holds only what could never be
	 * processed, so this is a safety bound, not a page size
	 * @param readTimeout longest a listing may take to read the topic
	 */
	@ConfigurationProperties("invoice.gateway.dead-letters")
	record DeadLetterProperties(@DefaultValue("10000") int maxRecords, @DefaultValue("10s") Duration readTimeout) {
	}

	@Bean
	DeadLetterLog deadLetterLog(KafkaProperties kafka, DeadLetterProperties properties) {
		return new DeadLetterLog(kafka.buildConsumerProperties(), properties.maxRecords(), properties.readTimeout());
	}

	@Bean
	DeadLetterReplay deadLetterReplay(DeadLetterLog deadLetterLog, CommandPublisher publisher, Clock clock) {
		return new DeadLetterReplay(deadLetterLog, publisher, clock);
	}

}
