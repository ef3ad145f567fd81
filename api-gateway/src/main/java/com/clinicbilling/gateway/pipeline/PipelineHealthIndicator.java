package com.clinicbilling.gateway.pipeline;

import com.clinicbilling.schemas.PartitionStalls;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Always UP, with stalled partitions as details: a stall is for operators to look at, never a reason
 * to take gateways out of rotation (a database outage stalls too, and accepting must go on).
 * Not part of the readiness group.
 */
@Component("pipeline")
record PipelineHealthIndicator(PartitionStalls stalls, PipelineProperties properties) implements HealthIndicator {

	@Override
	public Health health() {
		return Health.up()
			.withDetail("workerGroup", this.properties.workerGroup())
			.withDetail("offsetsReadable", !this.stalls.unreadable())
			.withDetail("stalledPartitions", this.stalls.stalled())
			.build();
	}

}
