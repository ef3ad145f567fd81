package com.clinicbilling.worker.intake;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.clinicbilling.schemas.PartitionStalls;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.worker.system.WorkerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Watches the committed offsets of this worker's consumer group on {@code invoice.commands}: a
 * partition whose committed offset stands still while records wait is stalled, whatever the cause
 * (a database outage, a batch no rule classifies). Gauge {@code invoice.worker.partition.stalled.seconds},
 * an ERROR line with the last batch failure once it lasts {@code stall-after}, and a health detail.
 * Never a status: a database outage stalls the same way and must not take workers out of rotation.
 */
@Component
class PartitionStallMonitor implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(PartitionStallMonitor.class);

	private final KafkaAdmin kafkaAdmin;

	private final MeterRegistry registry;

	private final IntakeMetrics metrics;

	private final PartitionStalls stalls;

	private final Duration stallAfter;

	private final Duration interval;

	private final Set<Integer> gauged = ConcurrentHashMap.newKeySet();

	private final Set<Integer> reported = ConcurrentHashMap.newKeySet();

	private volatile SortedMap<Integer, PartitionStalls.Partition> observed = Collections.emptySortedMap();

	private volatile boolean unreadable;

	private ScheduledExecutorService scheduler;

	private Admin admin;

	PartitionStallMonitor(KafkaAdmin kafkaAdmin, MeterRegistry registry, IntakeMetrics metrics, Clock clock,
			WorkerProperties properties) {
		this.kafkaAdmin = kafkaAdmin;
		this.registry = registry;
		this.metrics = metrics;
		this.stalls = new PartitionStalls(clock);
		this.stallAfter = properties.stallAfter();
		this.interval = properties.stallCheckInterval();
	}

	/** Partitions stalled at least {@code stall-after}: offsets and for how long, for the health details. */
	Map<String, Object> stalledPartitions() {
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

	void check() {
		try {
			this.observed = this.stalls.read(this.admin, IntakeConfiguration.GROUP_ID, Topics.COMMANDS, this.interval);
			this.unreadable = false;
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			if (!this.unreadable) {
				logger.warn("Cannot read the offsets of {} to watch for stalls: {}", Topics.COMMANDS, ex.toString());
			}
			this.unreadable = true;
			return;
		}
		for (PartitionStalls.Partition partition : this.observed.values()) {
			if (this.gauged.add(partition.partition())) {
				Gauge.builder("invoice.worker.partition.stalled.seconds", this,
						(m) -> m.stalledSeconds(partition.partition()))
					.description("Seconds the committed offset has not moved while records wait")
					.tag("partition", String.valueOf(partition.partition()))
					.register(this.registry);
			}
			report(partition);
		}
	}

	private void report(PartitionStalls.Partition partition) {
		if (!stalled(partition)) {
			if (this.reported.remove(partition.partition())) {
				logger.info("Partition {} of {} moves again at offset {}", partition.partition(), Topics.COMMANDS,
						partition.committed());
			}
			return;
		}
		if (this.reported.add(partition.partition())) {
			logger.error("Partition {} of {} stalled for {}: committed offset {} has not moved while {} records wait;"
					+ " last batch failure: {}", partition.partition(), Topics.COMMANDS, partition.stalledFor(),
					partition.committed(), partition.waiting(), this.metrics.lastFailure());
		}
	}

	private boolean stalled(PartitionStalls.Partition partition) {
		return partition.waiting() > 0 && partition.stalledFor().compareTo(this.stallAfter) >= 0;
	}

	private double stalledSeconds(int partition) {
		PartitionStalls.Partition observed = this.observed.get(partition);
		return (observed != null) ? observed.stalledFor().toMillis() / 1000.0 : 0;
	}

	@Override
	public synchronized void start() {
		this.admin = Admin.create(this.kafkaAdmin.getConfigurationProperties());
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "partition-stall-monitor");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		this.scheduler.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.admin.close(Duration.ofSeconds(5));
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

}
