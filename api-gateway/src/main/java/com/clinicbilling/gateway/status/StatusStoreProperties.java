package com.clinicbilling.gateway.status;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The in-memory copy of {@code invoice.request-status} that answers status reads and the edge's
 * idempotency checks.
 *
 * @param maxEntries requests kept at most; the oldest are evicted first. An entry costs roughly
 * 1 KB of heap (status plus key index), so the default needs about 1 GB at its fullest
 * @param expireAfterWrite how long a request is kept after its last change; the contract promises
 * idempotency keys are recognised for at least 24 hours
 * @param pollTimeout longest wait of one poll of the status topic
 * @param probeInterval how often the feed asks Kafka for the topic's partitions and end offsets,
 * which is also how it notices that Kafka is unreachable
 * @param kafkaTimeout longest wait of one metadata or offset request to Kafka
 * @param fetchMaxWait longest the broker holds a fetch of the status feed that finds no new record
 * ({@code fetch.max.wait.ms}); bounds how late a status can reach status reads and event streams
 * when the topic is quiet. Kafka's default, 500 ms, would break the 100 ms promise of event streams
 */
@ConfigurationProperties("invoice.gateway.status")
record StatusStoreProperties(@DefaultValue("1000000") long maxEntries, @DefaultValue("7d") Duration expireAfterWrite,
		@DefaultValue("500ms") Duration pollTimeout, @DefaultValue("5s") Duration probeInterval,
		@DefaultValue("3s") Duration kafkaTimeout, @DefaultValue("10ms") Duration fetchMaxWait) {

}
