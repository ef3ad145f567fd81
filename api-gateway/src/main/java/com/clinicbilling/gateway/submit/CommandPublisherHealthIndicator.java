package com.clinicbilling.gateway.submit;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Ready once one Kafka transaction has gone through. The first transactional producer finds its
 * coordinator and, on a new cluster, has the broker create its transaction log: seconds that would
 * otherwise turn the first submissions into 503s. Part of the readiness group.
 */
@Component("commandPublisher")
class CommandPublisherHealthIndicator implements HealthIndicator {

	private final KafkaTemplate<String, byte[]> template;

	private volatile boolean initialised;

	CommandPublisherHealthIndicator(KafkaTemplate<String, byte[]> commandTemplate) {
		this.template = commandTemplate;
	}

	@Override
	public Health health() {
		if (!this.initialised) {
			try {
				this.template.executeInTransaction((operations) -> null);
				this.initialised = true;
			}
			catch (RuntimeException ex) {
				return Health.down().withDetail("transactions", "not initialised yet: " + ex.getMessage()).build();
			}
		}
		return Health.up().build();
	}

}
