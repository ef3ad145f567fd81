package com.clinicbilling.gateway.pipeline;

import java.time.Clock;

import com.clinicbilling.schemas.PartitionStalls;
import com.clinicbilling.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The workers' progress as the edge sees it: compares the end offsets of both lanes' command topics
 * with the committed offsets of the workers' consumer group ({@link PartitionStalls}). Accepted
 * commands that are never finished would otherwise look like a healthy gateway answering 202.
 * Gauge {@code invoice.pipeline.partition.stalled.seconds{topic,partition}}, an ERROR line, and the
 * {@code pipeline} health detail; never a status, since a database outage stalls the same way and
 * the gateway must keep accepting through it.
 */
@Component
@EnableConfigurationProperties(PipelineProperties.class)
class PipelineMonitor implements SmartLifecycle {

	private final KafkaAdmin kafkaAdmin;

	private final MeterRegistry registry;

	private final PipelineProperties properties;

	private final PartitionStalls stalls;

	PipelineMonitor(KafkaAdmin kafkaAdmin, MeterRegistry registry, Clock clock, PipelineProperties properties) {
		this.kafkaAdmin = kafkaAdmin;
		this.registry = registry;
		this.properties = properties;
		this.stalls = new PartitionStalls(clock, properties.stallAfter());
	}

	PartitionStalls stalls() {
		return this.stalls;
	}

	String workerGroup() {
		return this.properties.workerGroup();
	}

	@Override
	public void start() {
		this.stalls.start(this.kafkaAdmin.getConfigurationProperties(), this.properties.workerGroup(), Topics.COMMAND_TOPICS,
				this.properties.checkInterval(), () -> "see the workers' logs and their intake health", this.registry,
				"invoice.pipeline.partition.stalled.seconds",
				"Seconds the workers' committed offset has not moved while commands wait");
	}

	@Override
	public void stop() {
		this.stalls.close();
	}

	@Override
	public boolean isRunning() {
		return this.stalls.isRunning();
	}

}
