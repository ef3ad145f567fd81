package com.clinicbilling.worker.intake;

import java.time.Clock;
import java.util.Map;

import com.clinicbilling.schemas.PartitionStalls;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.worker.system.WorkerProperties;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Watches the committed offsets of this worker's consumer group on both lanes' command topics
 * ({@link PartitionStalls}): gauge {@code invoice.worker.partition.stalled.seconds{topic,partition}}, an
 * ERROR line with the last batch failure once a partition has stalled {@code stall-after}, and a
 * health detail. Never a status: a database outage stalls the same way and must not take workers
 * out of rotation.
 */
@Component
class PartitionStallMonitor implements SmartLifecycle {

	private final KafkaAdmin kafkaAdmin;

	private final MeterRegistry registry;

	private final IntakeMetrics metrics;

	private final WorkerProperties properties;

	private final PartitionStalls stalls;

	PartitionStallMonitor(KafkaAdmin kafkaAdmin, MeterRegistry registry, IntakeMetrics metrics, Clock clock,
			WorkerProperties properties) {
		this.kafkaAdmin = kafkaAdmin;
		this.registry = registry;
		this.metrics = metrics;
		this.properties = properties;
		this.stalls = new PartitionStalls(clock, properties.stallAfter());
	}

	/** Partitions stalled at least {@code stall-after}, for the health details. */
	Map<String, Object> stalledPartitions() {
		return this.stalls.stalled();
	}

	@Override
	public void start() {
		this.stalls.start(this.kafkaAdmin.getConfigurationProperties(), IntakeConfiguration.GROUP_ID, Topics.COMMAND_TOPICS,
				this.properties.stallCheckInterval(), () -> "last batch failure: " + this.metrics.lastFailure(),
				this.registry, "invoice.worker.partition.stalled.seconds",
				"Seconds the committed offset has not moved while records wait");
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
