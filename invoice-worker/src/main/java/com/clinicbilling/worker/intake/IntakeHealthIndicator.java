package com.clinicbilling.worker.intake;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.stereotype.Component;

/**
 * The worker is ready when its consumers run and its last batch committed. The database is judged
 * by that last transaction rather than by a probe query: a probe would borrow a connection that
 * belongs to a consumer thread. A failing batch (database down) makes the worker not ready; it
 * stays alive, since it recovers by itself once the database is back.
 */
@Component("intake")
class IntakeHealthIndicator implements HealthIndicator {

	private final KafkaListenerEndpointRegistry listeners;

	private final IntakeMetrics metrics;

	IntakeHealthIndicator(KafkaListenerEndpointRegistry listeners, IntakeMetrics metrics) {
		this.listeners = listeners;
		this.metrics = metrics;
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
		return health.build();
	}

}
