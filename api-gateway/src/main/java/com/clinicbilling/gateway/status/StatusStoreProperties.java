package com.clinicbilling.gateway.status;

import java.nio.file.Path;
import java.time.Duration;

import com.clinicbilling.schemas.Topics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The local copy of {@code invoice.request-status} (and of the command topics' PENDING requests) that
 * answers status reads and the edge's idempotency checks, kept on disk.
 *
 * @param directory where the copy is kept (a RocksDB database); a restart with the same directory
 * reads only what was written since. Unset: a temporary directory, deleted at shutdown, so every
 * start reads the topics from the beginning. One directory per running instance
 * @param retention how long a request is answered and its key known after its latest status was
 * written; by default the topic's retention ({@link Topics#REQUEST_STATUS_RETENTION}), which it should
 * equal: a fresh instance knows no more than the topic holds
 * @param goneRetention how long, after {@code retention}, a request's id is still kept to answer
 * {@code 410 Gone}; after it the request is as unknown as one never sent
 * @param sweepInterval how often entries past their retention are looked for
 * @param pollTimeout longest wait of one poll of the status topic
 * @param probeInterval how often the feed asks Kafka for the topic's partitions and end offsets,
 * which is also how it notices that Kafka is unreachable
 * @param kafkaTimeout longest wait of one metadata or offset request to Kafka
 * @param fetchMaxWait longest the broker holds a fetch of the status feed that finds no new record
 * ({@code fetch.max.wait.ms}); bounds how late a status can reach status reads and event streams
 * when the topic is quiet. Kafka's default, 500 ms, would break the 100 ms promise of event streams
 * @param cacheSize RocksDB's block cache (off the Java heap) for reads of recent requests
 */
@ConfigurationProperties("invoice.gateway.status")
record StatusStoreProperties(Path directory, Duration retention,
		@DefaultValue("30d") Duration goneRetention, @DefaultValue("1h") Duration sweepInterval,
		@DefaultValue("500ms") Duration pollTimeout, @DefaultValue("5s") Duration probeInterval,
		@DefaultValue("3s") Duration kafkaTimeout, @DefaultValue("10ms") Duration fetchMaxWait,
		@DefaultValue("64MB") DataSize cacheSize) {

	StatusStoreProperties {
		if (retention == null) {
			retention = Topics.REQUEST_STATUS_RETENTION;
		}
	}

}
