package com.clinicbilling.worker.intake;

import com.clinicbilling.schemas.PartitionStalls;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;

/**
 * The intake is UP when its consumers run and its last batch committed. The database is judged by
 * that last transaction rather than by a probe query: a probe would borrow a connection that
 * belongs to a consumer thread. A failing batch (database down) makes this component, and so
 * {@code /actuator/health}, DOWN with the failure as a detail; readiness and liveness leave it out
 * (worker.properties): the worker recovers by itself once the database is back, and unready pods
 * would block node drains. Stalled partitions are a detail only: they never change the status.
 */
@Component("intake")
class IntakeHealthIndicator implements HealthIndicator {

	private final KafkaListenerEndpointRegistry listeners;

	private final IntakeMetrics metrics;

	private final PartitionStalls stalls;

	IntakeHealthIndicator(KafkaListenerEndpointRegistry listeners, IntakeMetrics metrics,
			PartitionStalls stalls) {
		this.listeners = listeners;
		this.metrics = metrics;
		this.stalls = stalls;
	}

	@Override
	public Health health() {
		var container = this.listeners.getListenerContainer(IntakeConfiguration.GROUP_ID);
		boolean consuming = container != null && container.isRunning();
		String failure = this.metrics.lastFailure();
		Health.Builder health = (consuming && failure == null) ? Health.up() : Health.down();
		health.withDetail("consuming", consuming);
		if (failure != null) {
			health.withDetail("lastBatchFailure", failure);
		}
		health.withDetail("stalledPartitions", this.stalls.stalled());
		return health.build();
	}

}
