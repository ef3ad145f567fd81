package com.clinicbilling.schemas;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;

/**
 * Reads a consumer group's {@link GroupProgress} on some topics every {@code interval}, on a daemon
 * thread of its own, until {@link #close()}: the one reading loop of the stall watch and of the
 * gateway's lane backlog.
 */
public final class ProgressWatch implements AutoCloseable {

	private final Admin admin;

	private final ScheduledExecutorService scheduler;

	/**
	 * Starts reading.
	 * @param thread the name of the reading thread
	 * @param adminConfig the Kafka admin client's settings (Spring Boot's {@code KafkaAdmin} has them)
	 * @param timeout how long one reading may take
	 * @param onProgress takes each reading
	 * @param onFailure takes why a reading or {@code onProgress} failed (Kafka unreachable); the next
	 * reading comes at the usual time
	 */
	public ProgressWatch(String thread, Map<String, Object> adminConfig, String groupId, Collection<String> topics,
			Duration firstAfter, Duration interval, Duration timeout, Consumer<GroupProgress> onProgress,
			Consumer<Exception> onFailure) {
		this.admin = Admin.create(adminConfig);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread reader = new Thread(task, thread);
			reader.setDaemon(true);
			return reader;
		});
		this.scheduler.scheduleWithFixedDelay(() -> {
			try {
				onProgress.accept(GroupProgress.read(this.admin, groupId, topics, timeout));
			}
			catch (Exception ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				onFailure.accept(ex);
			}
		}, firstAfter.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
		this.admin.close(Duration.ofSeconds(5));
	}

}
