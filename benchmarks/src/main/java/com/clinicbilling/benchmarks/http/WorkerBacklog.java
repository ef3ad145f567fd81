package com.clinicbilling.benchmarks.http;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many accepted commands the stack's worker has not processed yet, read from Kafka as any
 * operator would (its consumer group's committed offsets against the ends of the commands topic).
 * A scenario starts only when the previous one's backlog is gone, or it would measure that backlog.
 */
final class WorkerBacklog implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WorkerBacklog.class);

	private static final String GROUP = "invoice-worker";

	private static final String TOPIC = "invoice.commands";

	private final Admin admin;

	private int partitions;

	WorkerBacklog(String bootstrapServers) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				10_000));
	}

	long lag() throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = this.admin.listConsumerGroupOffsets(GROUP)
			.partitionsToOffsetAndMetadata()
			.get(10, TimeUnit.SECONDS);
		Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
		this.admin.describeTopics(List.of(TOPIC))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.get(TOPIC)
			.partitions()
			.forEach((p) -> ends.put(new TopicPartition(TOPIC, p.partition()), OffsetSpec.latest()));
		this.partitions = ends.size();
		long lag = 0;
		for (var end : this.admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).entrySet()) {
			OffsetAndMetadata offset = committed.get(end.getKey());
			lag += end.getValue().offset() - ((offset != null) ? offset.offset() : 0);
		}
		return lag;
	}

	/**
	 * Waits until the worker has caught up, at most {@code timeout}; answers the lag left. The
	 * gateway writes in Kafka transactions, and a consumer commits the offset after its last record,
	 * not after the commit markers behind it: a few offsets per partition stay "behind" for good, so
	 * up to two per partition count as caught up.
	 */
	long awaitDrained(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		long lag = lag();
		while (lag > 2L * this.partitions && System.nanoTime() < deadline) {
			Thread.sleep(500);
			lag = lag();
		}
		if (lag > 2L * this.partitions) {
			logger.warn("The worker still has {} commands to process after {}", lag, timeout);
			return lag;
		}
		return 0;
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(5));
	}

}
