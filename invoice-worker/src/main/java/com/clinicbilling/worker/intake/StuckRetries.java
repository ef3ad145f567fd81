package com.clinicbilling.worker.intake;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.worker.system.WorkerProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Notices a batch that keeps failing for a reason no rule classifies ({@link FailureClass#UNKNOWN}):
 * after {@code invoice.worker.stuck-retry-after} it is logged once as ERROR with its request ids
 * and counted. It keeps retrying: an unknown failure may be a bug or a bad release that a fix
 * heals, and rejecting on it would turn good commands into irreversible rejections. The partition
 * stall it causes is reported by the {@link com.clinicbilling.schemas.PartitionStalls} of
 * {@link IntakeConfiguration}.
 */
@Component
class StuckRetries {

	private static final Logger logger = LoggerFactory.getLogger(StuckRetries.class);

	private static final int LOGGED_REQUEST_IDS = 20;

	/** One consumer thread retries one batch at a time: its episode is the thread's. */
	private final ThreadLocal<Episode> episodes = new ThreadLocal<>();

	private final Clock clock;

	private final Duration after;

	private final IntakeMetrics metrics;

	StuckRetries(Clock clock, WorkerProperties properties, IntakeMetrics metrics) {
		this.clock = clock;
		this.after = properties.stuckRetryAfter();
		this.metrics = metrics;
	}

	private record Episode(String firstRequestId, Instant since, boolean reported) {
	}

	void failed(List<CreateInvoice> batch, RuntimeException failure) {
		if (batch.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		String first = batch.get(0).getRequestId();
		Episode episode = this.episodes.get();
		if (episode == null || !episode.firstRequestId().equals(first)) {
			episode = new Episode(first, now, false);
		}
		if (!episode.reported() && FailureClass.of(failure) == FailureClass.UNKNOWN
				&& !now.isBefore(episode.since().plus(this.after))) {
			List<String> requestIds = batch.stream().map(CreateInvoice::getRequestId).limit(LOGGED_REQUEST_IDS).toList();
			logger.error("Batch of {} commands failing for {} for a reason no rule classifies, still retrying: "
					+ "requestIds={}{}", batch.size(), Duration.between(episode.since(), now), requestIds,
					(batch.size() > LOGGED_REQUEST_IDS) ? " (first " + LOGGED_REQUEST_IDS + ")" : "", failure);
			this.metrics.stuckRetry();
			episode = new Episode(first, episode.since(), true);
		}
		this.episodes.set(episode);
	}

	void succeeded() {
		this.episodes.remove();
	}

}
