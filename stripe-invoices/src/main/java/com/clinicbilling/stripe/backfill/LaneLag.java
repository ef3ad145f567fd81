package com.clinicbilling.stripe.backfill;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import com.clinicbilling.schemas.GroupProgress;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a bulk producer back while its lane's backlog (end offsets minus the workers' committed
 * offsets) is above a ceiling: the lane stays short, so a second clinic's backfill started later
 * waits behind at most that many commands of the first, never behind the first's whole history.
 */
final class LaneLag implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LaneLag.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final Admin admin;

	private final String topic;

	private final String workerGroup;

	private final long maxLag;

	private final Duration recheck;

	LaneLag(Map<String, Object> clientConfig, String topic, String workerGroup, long maxLag, Duration recheck) {
		this.admin = Admin.create(clientConfig);
		this.topic = topic;
		this.workerGroup = workerGroup;
		this.maxLag = maxLag;
		this.recheck = recheck;
	}

	/** Returns once the lane's backlog is at most the ceiling. */
	void awaitRoom() throws InterruptedException {
		long lag = lag();
		if (lag > this.maxLag) {
			logger.info("{} has {} commands waiting (ceiling {}): holding back", this.topic, lag, this.maxLag);
			while (lag > this.maxLag) {
				Thread.sleep(this.recheck.toMillis());
				lag = lag();
			}
		}
	}

	long lag() throws InterruptedException {
		try {
			return GroupProgress.read(this.admin, this.workerGroup, List.of(this.topic), TIMEOUT).waiting();
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new KafkaException("Cannot read the backlog of " + this.topic, ex);
		}
	}

	@Override
	public void close() {
		this.admin.close(Duration.ofSeconds(5));
	}

}
