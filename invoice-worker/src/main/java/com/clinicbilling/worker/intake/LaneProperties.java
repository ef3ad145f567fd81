package com.clinicbilling.worker.intake;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the worker's threads share themselves between the lanes ({@code invoice.worker.lanes.*}).
 *
 * @param priority serve the interactive lane ({@code invoice.commands}) first; false consumes both
 * lanes as Kafka fetches them (for comparison, or should the pausing itself ever misbehave)
 * @param bulkMinShare the least share of a thread's recent busy time spent on batches with bulk
 * commands while interactive ones keep waiting, above 0 and at most 1: the bulk lane never starves
 * @param idleResume how long a thread waits for more interactive commands before it takes bulk
 * commands again; also its poll timeout, so a quiet interactive lane costs the bulk lane at most this
 */
@ConfigurationProperties("invoice.worker.lanes")
public record LaneProperties(@DefaultValue("true") boolean priority, @DefaultValue("0.2") double bulkMinShare,
		@DefaultValue("50ms") Duration idleResume) {

	public LaneProperties {
		if (!(bulkMinShare > 0 && bulkMinShare <= 1)) {
			throw new IllegalArgumentException(
					"invoice.worker.lanes.bulk-min-share must be above 0 and at most 1, was " + bulkMinShare);
		}
		if (idleResume.isNegative() || idleResume.isZero()) {
			throw new IllegalArgumentException("invoice.worker.lanes.idle-resume must be positive, was " + idleResume);
		}
	}

}
