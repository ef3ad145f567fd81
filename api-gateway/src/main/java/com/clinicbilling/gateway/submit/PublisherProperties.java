package com.clinicbilling.gateway.submit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Group commit of accepted commands (see {@link BatchingCommandPublisher}).
 *
 * @param threads publisher threads, each with its own transactional producer; one transaction
 * each at a time
 * @param maxBatch most submissions in one transaction
 * @param maxQueued submissions waiting for a transaction at most; beyond that a submit is answered
 * 503 at once instead of queueing behind a Kafka that cannot keep up
 * @param timeout longest a submit waits for its transaction; then it is answered 503. Below the
 * contract's five seconds, and above {@code max-block} plus one transaction, so a refused
 * transaction is normally reported by Kafka itself first
 */
@ConfigurationProperties("invoice.gateway.publisher")
record PublisherProperties(@DefaultValue("2") int threads, @DefaultValue("500") int maxBatch,
		@DefaultValue("10000") int maxQueued, @DefaultValue("4s") Duration timeout) {

	PublisherProperties {
		if (threads < 1 || maxBatch < 1 || maxQueued < 1) {
			throw new IllegalArgumentException(
					"invoice.gateway.publisher.threads, max-batch and max-queued must be at least 1");
		}
	}

}
