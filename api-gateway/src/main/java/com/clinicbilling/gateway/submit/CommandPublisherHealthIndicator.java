package com.clinicbilling.gateway.submit;

import com.clinicbilling.schemas.Topics;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Ready once the command producer has found {@code invoice.commands}: its first send would otherwise
 * spend the start-up seconds fetching metadata (and connecting) inside a request. Part of the
 * readiness group.
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
				for (String lane : Topics.COMMAND_TOPICS) {
					if (this.template.partitionsFor(lane).isEmpty()) {
						return Health.down().withDetail("commands", "topic " + lane + " not found").build();
					}
				}
				this.initialised = true;
			}
			catch (RuntimeException ex) {
				return Health.down().withDetail("commands", "producer not connected yet: " + ex.getMessage()).build();
			}
		}
		return Health.up().build();
	}

}
