package com.clinicbilling.schemas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long each partition's committed offset of a consumer group has stood still while records
 * wait behind it. The consumer's own lag metric is measured from its fetch position, which moves
 * on while a batch is retried; the committed offset is what shows that nothing is being finished.
 * A stall is a symptom (a database outage stalls too), never a readiness signal.
 *
 * <p>Shared by the worker and the gateway, which watch the same group from their own side: each
 * logs an ERROR line once a partition has stalled for {@code stallAfter} (with the cause it knows)
 * and an INFO line when it moves again, and shows the observations as a gauge and a health detail.
 */
public final class PartitionStalls implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(PartitionStalls.class);

	/** One partition as last observed; {@code stalledFor} is zero while it moves or is caught up. */
	public record Partition(int partition, long committed, long end, Duration stalledFor) {

		public long waiting() {
			return Math.max(0, this.end - this.committed);
		}

	}

	private record Mark(long committed, Instant since) {
	}

	private final Clock clock;

	private final Duration stallAfter;

	private final Map<Integer, Mark> marks = new HashMap<>();

	private final Set<Integer> reported = ConcurrentHashMap.newKeySet();

	private volatile SortedMap<Integer, Partition> observed = new TreeMap<>();

	private volatile boolean unreadable;

	private ScheduledExecutorService scheduler;

	private Admin admin;

	public PartitionStalls(Clock clock, Duration stallAfter) {
		this.clock = clock;
		this.stallAfter = stallAfter;
	}

	/**
	 * Reads the offsets every {@code interval} on a thread of its own until {@link #close()}.
	 * @param adminConfig the Kafka admin client's settings (Spring Boot's {@code KafkaAdmin} has them)
	 * @param cause what the watcher knows of why a partition might stall, for the ERROR line
	 * @param onPartition called once for each partition first seen, e.g. to register a gauge
	 */
	public synchronized void start(Map<String, Object> adminConfig, String groupId, String topic, Duration interval,
			Supplier<String> cause, IntConsumer onPartition) {
		this.admin = Admin.create(adminConfig);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "partition-stalls");
			thread.setDaemon(true);
			return thread;
		});
		Set<Integer> known = ConcurrentHashMap.newKeySet();
		this.scheduler.scheduleWithFixedDelay(() -> check(groupId, topic, interval, cause, (p) -> {
			if (known.add(p)) {
				onPartition.accept(p);
			}
		}), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	@Override
	public synchronized void close() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.admin.close(Duration.ofSeconds(5));
			this.scheduler = null;
		}
	}

	/** Seconds the partition has stalled at the last observation; zero while it moves or is caught up. */
	public double stalledSeconds(int partition) {
		Partition observed = this.observed.get(partition);
		return (observed != null) ? observed.stalledFor().toMillis() / 1000.0 : 0;
	}

	/** Partitions stalled at least {@code stallAfter}, by partition: for a health detail. */
	public Map<String, Object> stalled() {
		Map<String, Object> stalled = new TreeMap<>();
		this.observed.values().stream().filter(this::stalled).forEach((p) -> {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("stalledSeconds", p.stalledFor().toSeconds());
			detail.put("committedOffset", p.committed());
			detail.put("waiting", p.waiting());
			stalled.put(String.valueOf(p.partition()), detail);
		});
		return stalled;
	}

	/** Whether the last read of the offsets failed (Kafka unreachable): the observations are old. */
	public boolean unreadable() {
		return this.unreadable;
	}

	private void check(String groupId, String topic, Duration timeout, Supplier<String> cause,
			IntConsumer onPartition) {
		try {
			read(this.admin, groupId, topic, timeout);
			this.unreadable = false;
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			if (!this.unreadable) {
				logger.warn("Cannot read the offsets of {} to watch for stalls: {}", topic, ex.toString());
			}
			this.unreadable = true;
			return;
		}
		for (Partition partition : this.observed.values()) {
			onPartition.accept(partition.partition());
			report(topic, groupId, partition, cause);
		}
	}

	private void report(String topic, String groupId, Partition partition, Supplier<String> cause) {
		if (!stalled(partition)) {
			if (this.reported.remove(partition.partition())) {
				logger.info("Partition {} of {} moves again at offset {} (group {})", partition.partition(), topic,
						partition.committed(), groupId);
			}
			return;
		}
		if (this.reported.add(partition.partition())) {
			logger.error("Partition {} of {} stalled for {}: committed offset {} of group {} has not moved while {}"
					+ " records wait; cause: {}", partition.partition(), topic, partition.stalledFor(),
					partition.committed(), groupId, partition.waiting(), cause.get());
		}
	}

	private boolean stalled(Partition partition) {
		return partition.waiting() > 0 && partition.stalledFor().compareTo(this.stallAfter) >= 0;
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
		this.observed = observed;
		return observed;
	}

}
