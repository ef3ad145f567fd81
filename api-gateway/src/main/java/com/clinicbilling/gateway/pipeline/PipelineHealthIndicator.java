package com.clinicbilling.gateway.pipeline;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Always UP, with stalled partitions as details: a stall is for operators to look at, never a reason
 * to take gateways out of rotation (a database outage stalls too, and accepting must go on).
 * Not part of the readiness group.
 */
@Component("pipeline")
class PipelineHealthIndicator implements HealthIndicator {

	private final PipelineMonitor monitor;

	PipelineHealthIndicator(PipelineMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public Health health() {
		return Health.up()
			.withDetail("workerGroup", this.monitor.workerGroup())
			.withDetail("offsetsReadable", !this.monitor.stalls().unreadable())
			.withDetail("stalledPartitions", this.monitor.stalls().stalled())
			.build();
	}

}
