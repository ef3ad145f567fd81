package com.clinicbilling.gateway.pipeline;

import java.time.Clock;

import com.clinicbilling.schemas.PartitionStalls;
import com.clinicbilling.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaAdmin;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PipelineProperties.class)
class PipelineConfiguration {

	/**
	 * The workers' progress as the edge sees it: compares the end offsets of both lanes' command topics
	 * with the committed offsets of the workers' consumer group. Accepted commands that are never
	 * finished would otherwise look like a healthy gateway answering 202. Gauge
	 * {@code invoice.pipeline.partition.stalled.seconds{topic,partition}}, an ERROR line, and the
	 * {@code pipeline} health detail; never a status, since a database outage stalls the same way and
	 * the gateway must keep accepting through it. Closed with the context.
	 */
	@Bean
	PartitionStalls pipelineStalls(KafkaAdmin kafkaAdmin, MeterRegistry registry, Clock clock,
			PipelineProperties properties) {
		PartitionStalls stalls = new PartitionStalls(clock, properties.stallAfter());
		stalls.start(kafkaAdmin.getConfigurationProperties(), properties.workerGroup(), Topics.COMMAND_TOPICS,
				properties.checkInterval(), () -> "see the workers' logs and their intake health", registry,
				"invoice.pipeline.partition.stalled.seconds",
				"Seconds the workers' committed offset has not moved while commands wait");
		return stalls;
	}

}
