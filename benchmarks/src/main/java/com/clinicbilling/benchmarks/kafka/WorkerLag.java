package com.clinicbilling.benchmarks.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How many commands the worker has not processed yet, read from Kafka as any operator would: its
 * consumer group's committed offsets against the ends of {@code invoice.commands}.
 *
 * @param commands offsets of the commands topic past the group's committed ones
 * @param partitions partitions of the commands topic
 */
public record WorkerLag(long commands, int partitions) {

	/** The worker's listener id, which is also its consumer group. */
	public static final String GROUP = "invoice-worker";

	public static WorkerLag of(Admin admin) throws Exception {
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
			.partitionsToOffsetAndMetadata()
			.get(10, TimeUnit.SECONDS);
		Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
		admin.describeTopics(List.of(Topics.COMMANDS))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.get(Topics.COMMANDS)
			.partitions()
			.forEach((p) -> ends.put(new TopicPartition(Topics.COMMANDS, p.partition()), OffsetSpec.latest()));
		long lag = 0;
		for (var end : admin.listOffsets(ends).all().get(10, TimeUnit.SECONDS).entrySet()) {
			OffsetAndMetadata offset = committed.get(end.getKey());
			lag += end.getValue().offset() - ((offset != null) ? offset.offset() : 0);
		}
		return new WorkerLag(lag, ends.size());
	}

}
