package com.clinicbilling.benchmarks.http;

import java.time.Duration;
import java.util.Map;

import com.clinicbilling.benchmarks.kafka.WorkerLag;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the stack's worker to process the accepted commands ({@link WorkerLag}): a scenario
 * starts only when the previous one's backlog is gone, or it would measure that backlog.
 */
final class WorkerBacklog implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WorkerBacklog.class);

	private final Admin admin;

	WorkerBacklog(String bootstrapServers) {
		this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				10_000));
	}

	/**
	 * Waits until the worker has caught up, at most {@code timeout}; answers the lag left. The
	 * gateway writes in Kafka transactions, and a consumer commits the offset after its last record,
	 * not after the commit markers behind it: a few offsets per partition stay "behind" for good, so
	 * up to two per partition count as caught up.
	 */
	long awaitDrained(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		WorkerLag lag = WorkerLag.of(this.admin);
		while (lag.commands() > 2L * lag.partitions() && System.nanoTime() < deadline) {
			Thread.sleep(500);
			lag = WorkerLag.of(this.admin);
		}
		if (lag.commands() > 2L * lag.partitions()) {
			logger.warn("The worker still has {} commands to process after {}", lag.commands(), timeout);
			return lag.commands();
		}
		return 0;
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(5));
	}

}
