package com.clinicbilling.schemas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
	public record Partition(TopicPartition partition, GroupProgress.Offsets offsets, Duration stalledFor) {

		public long committed() {
			return this.offsets.committed();
		}

		public long waiting() {
			return this.offsets.waiting();
		}

	}

	private record Mark(long committed, Instant since) {
	}

	private final Clock clock;

	private final Duration stallAfter;

	private final Map<TopicPartition, Mark> marks = new HashMap<>();

	private final Set<TopicPartition> reported = ConcurrentHashMap.newKeySet();

	private volatile Map<TopicPartition, Partition> observed = Map.of();

	private volatile boolean unreadable;

	private ProgressWatch watch;

	public PartitionStalls(Clock clock, Duration stallAfter) {
		this.clock = clock;
		this.stallAfter = stallAfter;
	}

	/**
	 * Reads the offsets of the group on {@code topics} every {@code interval} ({@link ProgressWatch})
	 * until {@link #close()}, and shows each partition it sees as gauge {@code gauge{topic,partition}}.
	 * @param adminConfig the Kafka admin client's settings (Spring Boot's {@code KafkaAdmin} has them)
	 * @param cause what the watcher knows of why a partition might stall, for the ERROR line
	 */
	public synchronized void start(Map<String, Object> adminConfig, String groupId, Collection<String> topics,
			Duration interval, Supplier<String> cause, MeterRegistry registry, String gauge, String description) {
		Set<TopicPartition> known = ConcurrentHashMap.newKeySet();
		this.watch = new ProgressWatch("partition-stalls", adminConfig, groupId, topics, interval, interval, interval,
				(progress) -> {
					this.unreadable = false;
					for (Partition partition : observe(progress).values()) {
						if (known.add(partition.partition())) {
							Gauge.builder(gauge, this, (s) -> s.stalledSeconds(partition.partition()))
								.description(description)
								.tag("topic", partition.partition().topic())
								.tag("partition", String.valueOf(partition.partition().partition()))
								.register(registry);
						}
						report(groupId, partition, cause);
					}
				}, (ex) -> {
					if (!this.unreadable) {
						logger.warn("Cannot read the offsets of {} to watch for stalls: {}", topics, ex.toString());
					}
					this.unreadable = true;
				});
	}

	@Override
	public synchronized void close() {
		if (this.watch != null) {
			this.watch.close();
		}
	}

	/** Seconds the partition has stalled at the last observation; zero while it moves or is caught up. */
	public double stalledSeconds(TopicPartition partition) {
		Partition observed = this.observed.get(partition);
		return (observed != null) ? observed.stalledFor().toMillis() / 1000.0 : 0;
	}

	/** Partitions stalled at least {@code stallAfter}, by {@code topic-partition}: for a health detail. */
	public Map<String, Object> stalled() {
		Map<String, Object> stalled = new TreeMap<>();
		this.observed.values().stream().filter(this::stalled).forEach((p) -> {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("stalledSeconds", p.stalledFor().toSeconds());
			detail.put("committedOffset", p.committed());
			detail.put("waiting", p.waiting());
			stalled.put(p.partition().toString(), detail);
		});
		return stalled;
	}

	/** Whether the last read of the offsets failed (Kafka unreachable): the observations are old. */
	public boolean unreadable() {
		return this.unreadable;
	}

	private void report(String groupId, Partition partition, Supplier<String> cause) {
		if (!stalled(partition)) {
			if (this.reported.remove(partition.partition())) {
				logger.info("Partition {} moves again at offset {} (group {})", partition.partition(),
						partition.committed(), groupId);
			}
			return;
		}
		if (this.reported.add(partition.partition())) {
			logger.error("Partition {} stalled for {}: committed offset {} of group {} has not moved while {}"
					+ " records wait; cause: {}", partition.partition(), partition.stalledFor(), partition.committed(),
					groupId, partition.waiting(), cause.get());
		}
	}

	private boolean stalled(Partition partition) {
		return partition.waiting() > 0 && partition.stalledFor().compareTo(this.stallAfter) >= 0;
	}

	/** Observes one reading of the group's progress: how long each partition's committed offset stood still. */
	public synchronized Map<TopicPartition, Partition> observe(GroupProgress progress) {
		Instant now = this.clock.instant();
		Map<TopicPartition, Partition> observed = new HashMap<>();
		progress.partitions().forEach((partition, offsets) -> {
			long offset = offsets.committed();
			long end = offsets.end();
			Mark mark = this.marks.get(partition);
			// Caught up or moving: the stall, if one starts, is counted from this observation on.
			if (offset >= end || mark == null || mark.committed() != offset) {
				mark = new Mark(offset, now);
				this.marks.put(partition, mark);
			}
			Duration stalledFor = (offset >= end) ? Duration.ZERO : Duration.between(mark.since(), now);
			observed.put(partition, new Partition(partition, offsets, stalledFor));
		});
		this.observed = Map.copyOf(observed);
		return this.observed;
	}

}
