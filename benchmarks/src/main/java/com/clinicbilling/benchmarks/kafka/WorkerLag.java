package com.clinicbilling.benchmarks.kafka;

import java.time.Duration;
import java.util.Map;

import com.clinicbilling.schemas.GroupProgress;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's progress on both lanes' command topics, read from Kafka as any operator would
 * ({@link GroupProgress}): a scenario starts only when the previous one's backlog is gone, or it
 * would measure that backlog.
 */
public final class WorkerLag implements AutoCloseable {

	/** The worker's listener id, which is also its consumer group. */
	public static final String GROUP = "invoice-worker";

	private static final Logger logger = LoggerFactory.getLogger(WorkerLag.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final Admin admin;

	public WorkerLag(String bootstrapServers) {
		this(Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
				10_000)));
	}

	private WorkerLag(Admin admin) {
		this.admin = admin;
	}

	/** The worker's progress now, on an admin client someone else owns. */
	public static GroupProgress of(Admin admin) throws Exception {
		return GroupProgress.read(admin, GROUP, Topics.COMMAND_TOPICS, TIMEOUT);
	}

	public GroupProgress progress() throws Exception {
		return of(this.admin);
	}

	/**
	 * Waits until the worker has caught up, at most {@code timeout}; answers the lag left. A
	 * transactional writer leaves a commit marker after its records, and a consumer commits the
	 * offset after its last record, not after the marker: up to two offsets per partition stay
	 * "behind" for good, so they count as caught up.
	 */
	public long awaitDrained(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		GroupProgress progress = progress();
		while (!caughtUp(progress) && System.nanoTime() < deadline) {
			Thread.sleep(200);
			progress = progress();
		}
		if (!caughtUp(progress)) {
			logger.warn("The worker still has {} commands to process after {}", progress.waiting(), timeout);
			return progress.waiting();
		}
		return 0;
	}

	private static boolean caughtUp(GroupProgress progress) {
		return progress.waiting() <= 2L * progress.partitions().size();
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(5));
	}

}
