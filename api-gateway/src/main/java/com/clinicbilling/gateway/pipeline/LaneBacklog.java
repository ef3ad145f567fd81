package com.clinicbilling.gateway.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.clinicbilling.schemas.GroupProgress;
import com.clinicbilling.schemas.ProgressWatch;
import com.clinicbilling.schemas.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Each lane's backlog (end offsets minus the workers' committed offsets) and drain rate (how fast
 * the committed offsets moved while commands waited), read every
 * {@code invoice.gateway.pipeline.lane-check-interval}: the expected wait of a command accepted now,
 * for {@code Retry-After}. Gauges {@code invoice.lane.backlog{lane}} and
 * {@code invoice.lane.drain.rate{lane}}.
 */
@Component
@EnableConfigurationProperties(PipelineProperties.class)
public class LaneBacklog implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(LaneBacklog.class);

	/** Weight of the newest drain-rate observation: smooths one slow batch, follows a real change. */
	private static final double SMOOTHING = 0.3;

	/** What is known of a lane; {@code drainRate} is zero until a drain was seen. */
	record Lane(long backlog, double drainRate) {
	}

	private final KafkaAdmin kafkaAdmin;

	private final MeterRegistry registry;

	private final PipelineProperties properties;

	private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

	private Map<TopicPartition, Long> lastCommitted = Map.of();

	private long lastReadNanos;

	private ProgressWatch watch;

	LaneBacklog(KafkaAdmin kafkaAdmin, MeterRegistry registry, PipelineProperties properties) {
		this.kafkaAdmin = kafkaAdmin;
		this.registry = registry;
		this.properties = properties;
	}

	/**
	 * The expected wait in whole seconds of a command accepted now in the lane of {@code topic}: its
	 * backlog over its drain rate, at least 1 (also while nothing is known yet) and at most
	 * {@code invoice.gateway.pipeline.max-retry-after}.
	 */
	public long retryAfterSeconds(String topic) {
		Lane lane = this.lanes.get(topic);
		if (lane == null || lane.backlog() == 0 || lane.drainRate() <= 0) {
			return 1;
		}
		double seconds = Math.ceil(lane.backlog() / lane.drainRate());
		return (long) Math.max(1, Math.min(seconds, this.properties.maxRetryAfter().toSeconds()));
	}

	Lane lane(String topic) {
		return this.lanes.get(topic);
	}

	@Override
	public synchronized void start() {
		Duration interval = this.properties.laneCheckInterval();
		this.watch = new ProgressWatch("lane-backlog", this.kafkaAdmin.getConfigurationProperties(),
				this.properties.workerGroup(), Topics.COMMAND_TOPICS, Duration.ZERO, interval, interval.multipliedBy(5),
				(progress) -> observe(progress, System.nanoTime()),
				// The last estimate stands; the pipeline monitor reports an unreadable Kafka.
				(ex) -> logger.debug("Cannot read the lanes' offsets: {}", ex.toString()));
		for (String topic : Topics.COMMAND_TOPICS) {
			String lane = Topics.COMMANDS.equals(topic) ? "interactive" : "bulk";
			Gauge.builder("invoice.lane.backlog", () -> backlogOf(topic))
				.description("Commands waiting in the lane for the workers")
				.tag("lane", lane)
				.register(this.registry);
			Gauge.builder("invoice.lane.drain.rate", () -> rateOf(topic))
				.description("Commands per second the workers finished in the lane while it had a backlog")
				.tag("lane", lane)
				.register(this.registry);
		}
	}

	private double backlogOf(String topic) {
		Lane lane = this.lanes.get(topic);
		return (lane != null) ? lane.backlog() : 0;
	}

	private double rateOf(String topic) {
		Lane lane = this.lanes.get(topic);
		return (lane != null) ? lane.drainRate() : 0;
	}

	/** One reading of both lanes' end and committed offsets, at {@code nanos}. */
	synchronized void observe(GroupProgress progress, long nanos) {
		double seconds = (nanos - this.lastReadNanos) / 1e9;
		Map<TopicPartition, Long> committed = new HashMap<>();
		progress.partitions().forEach((partition, offsets) -> committed.put(partition, offsets.committed()));
		for (String topic : Topics.COMMAND_TOPICS) {
			long drained = 0;
			for (Map.Entry<TopicPartition, Long> done : committed.entrySet()) {
				if (done.getKey().topic().equals(topic)) {
					drained += Math.max(0, done.getValue() - this.lastCommitted.getOrDefault(done.getKey(), done.getValue()));
				}
			}
			Lane before = this.lanes.get(topic);
			double rate = (before != null) ? before.drainRate() : 0;
			// Only a period that began with a backlog says how fast the lane drains; an idle one does not.
			if (before != null && before.backlog() > 0 && seconds > 0) {
				double observed = drained / seconds;
				rate = (rate > 0) ? SMOOTHING * observed + (1 - SMOOTHING) * rate : observed;
			}
			this.lanes.put(topic, new Lane(progress.waiting(topic), rate));
		}
		this.lastCommitted = Map.copyOf(committed);
		this.lastReadNanos = nanos;
	}

	@Override
	public synchronized void stop() {
		if (this.watch != null) {
			this.watch.close();
			this.watch = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.watch != null;
	}

}
