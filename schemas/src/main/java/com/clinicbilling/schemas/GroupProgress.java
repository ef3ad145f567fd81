package com.clinicbilling.schemas;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's progress on some topics, read as an operator reads lag: for every partition,
 * the group's committed offset against the end offset of committed transactions (a transactional
 * writer's open records are not waiting yet). The committed offset, not the consumer's fetch
 * position, is what says a record is finished. One reading serves the stall monitors, the lanes'
 * backlog and {@code Retry-After}, the backfill's pacing and the benchmarks.
 *
 * @param partitions every partition of the topics read; a partition the group never committed has
 * committed offset 0
 */
public record GroupProgress(Map<TopicPartition, Offsets> partitions) {

	/** One partition's committed and end offsets. */
	public record Offsets(long committed, long end) {

		/** Records past the committed offset: zero when caught up. */
		public long waiting() {
			return Math.max(0, this.end - this.committed);
		}

	}

	public GroupProgress {
		partitions = Map.copyOf(partitions);
	}

	/** Reads the group's committed offsets and the ends of every partition of {@code topics}. */
	public static GroupProgress read(Admin admin, String groupId, Collection<String> topics, Duration timeout)
			throws InterruptedException, ExecutionException, TimeoutException {
		long millis = timeout.toMillis();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		admin.describeTopics(topics)
			.allTopicNames()
			.get(millis, TimeUnit.MILLISECONDS)
			.forEach((topic, description) -> description.partitions()
				.forEach((p) -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
			.partitionsToOffsetAndMetadata()
			.get(millis, TimeUnit.MILLISECONDS);
		Map<TopicPartition, Offsets> partitions = new HashMap<>();
		admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
			.all()
			.get(millis, TimeUnit.MILLISECONDS)
			.forEach((tp, end) -> {
				OffsetAndMetadata done = committed.get(tp);
				partitions.put(tp, new Offsets((done != null) ? done.offset() : 0, end.offset()));
			});
		return new GroupProgress(partitions);
	}

	/** Records waiting in all partitions read. */
	public long waiting() {
		return this.partitions.values().stream().mapToLong(Offsets::waiting).sum();
	}

	/** Records waiting in the partitions of {@code topic}. */
	public long waiting(String topic) {
		return of(topic).mapToLong(Offsets::waiting).sum();
	}

	/** The sum of the committed offsets of {@code topic}'s partitions: how far the group has come. */
	public long committed(String topic) {
		return of(topic).mapToLong(Offsets::committed).sum();
	}

	private Stream<Offsets> of(String topic) {
		return this.partitions.entrySet()
			.stream()
			.filter((e) -> e.getKey().topic().equals(topic))
			.map(Map.Entry::getValue);
	}

}
