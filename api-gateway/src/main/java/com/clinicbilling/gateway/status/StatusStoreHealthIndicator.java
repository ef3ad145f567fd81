package com.clinicbilling.gateway.status;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Ready only once the status store has read the status topic up to where it ended at start-up and
 * Kafka answers: before that, a retried submit could be published again instead of being recognised,
 * and a status read could answer 404 for a request that exists. Part of the readiness group.
 */
@Component
record StatusStoreHealthIndicator(RequestStatusFeed feed, RequestStatusStore store) implements HealthIndicator {

	@Override
	public Health health() {
		Health.Builder health = (this.feed.isCaughtUp() && this.feed.isKafkaReachable()) ? Health.up() : Health.down();
		return health.withDetail("caughtUp", this.feed.isCaughtUp())
			.withDetail("kafkaReachable", this.feed.isKafkaReachable())
			.withDetail("requests", this.store.size())
			.withDetail("recordsRead", this.feed.recordsRead())
			.build();
	}

}
