package com.clinicbilling.schemas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * How long each partition's committed offset of a consumer group has stood still while records
 * wait behind it. The consumer's own lag metric is measured from its fetch position, which moves
 * on while a batch is retried; the committed offset is what shows that nothing is being finished.
 * A stall is a symptom (a database outage stalls too), never a readiness signal.
 *
 * <p>Shared by the worker and the gateway, which observe the same group from their own side.
 */
public final class PartitionStalls {

	/** One partition as last observed; {@code stalledFor} is zero while it moves or is caught up. */
	public record Partition(int partition, long committed, long end, Duration stalledFor) {

		public long waiting() {
			return Math.max(0, this.end - this.committed);
		}

	}

	private record Mark(long committed, Instant since) {
	}

	private final Clock clock;

	private final Map<Integer, Mark> marks = new HashMap<>();

	public PartitionStalls(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Reads the group's committed offsets and the topic's end offsets (of committed transactions
	 * only: the gateway writes in transactions), then {@linkplain #observe observes} them.
	 */
	public SortedMap<Integer, Partition> read(Admin admin, String groupId, String topic, Duration timeout)
			throws InterruptedException, ExecutionException, TimeoutException {
		long millis = timeout.toMillis();
		List<Integer> partitions = admin.describeTopics(List.of(topic))
			.allTopicNames()
			.get(millis, TimeUnit.MILLISECONDS)
			.get(topic)
			.partitions()
			.stream()
			.map((p) -> p.partition())
			.toList();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		partitions.forEach((p) -> latest.put(new TopicPartition(topic, p), OffsetSpec.latest()));
		Map<Integer, Long> ends = new HashMap<>();
		admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
			.all()
			.get(millis, TimeUnit.MILLISECONDS)
			.forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
		Map<Integer, Long> committed = new HashMap<>();
		Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
			.partitionsToOffsetAndMetadata()
			.get(millis, TimeUnit.MILLISECONDS);
		offsets.forEach((tp, offset) -> {
			if (tp.topic().equals(topic) && offset != null) {
				committed.put(tp.partition(), offset.offset());
			}
		});
		return observe(committed, ends);
	}

	/**
	 * @param committed committed offset per partition; a partition without one has committed nothing
	 * @param ends end offset per partition
	 */
	public synchronized SortedMap<Integer, Partition> observe(Map<Integer, Long> committed, Map<Integer, Long> ends) {
		Instant now = this.clock.instant();
		SortedMap<Integer, Partition> observed = new TreeMap<>();
		ends.forEach((partition, end) -> {
			long offset = committed.getOrDefault(partition, 0L);
			Mark mark = this.marks.get(partition);
			// Caught up or moving: the stall, if one starts, is counted from this observation on.
			if (offset >= end || mark == null || mark.committed() != offset) {
				mark = new Mark(offset, now);
				this.marks.put(partition, mark);
			}
			Duration stalledFor = (offset >= end) ? Duration.ZERO : Duration.between(mark.since(), now);
			observed.put(partition, new Partition(partition, offset, end, stalledFor));
		});
		return observed;
	}

}
