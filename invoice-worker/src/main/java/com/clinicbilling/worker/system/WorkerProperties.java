package com.clinicbilling.worker.system;

import java.time.Duration;
import java.util.Set;

import com.clinicbilling.schemas.CreateInvoiceRules;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the worker ({@code invoice.worker.*}).
 *
 * @param concurrency consumer threads, and database connections: one setting, so a thread never
 * waits for a connection and the connection count never depends on traffic
 * @param batchSize most commands handled in one poll and one transaction ({@code max.poll.records})
 * @param fetchMaxWait how long the broker may wait to fill a batch when traffic is light
 * @param partitions partitions of {@code invoice.commands} when the worker creates it; the upper
 * bound of useful consumer threads across all worker instances
 * @param replicationFactor replication of the topics the worker creates
 * @param sameOrderWindow an invoice for the same patient and order within this window is a duplicate
 * @param sameAmountWindow an invoice for the same patient and amount within this window is a
 * duplicate
 * @param currencies currencies an invoice may be in
 * @param retryInitialInterval first wait before a batch that failed transiently is retried
 * @param retryMaxInterval longest wait between retries; retries never stop on their own
 * @param stuckRetryAfter a batch failing this long for a reason no rule classifies is logged as
 * ERROR with its request ids and counted ({@code invoice.batch.retries.stuck}); it keeps retrying
 * @param stallAfter a partition whose committed offset has not moved this long while records wait
 * is logged as ERROR and shown in the health details
 * @param stallCheckInterval how often committed and end offsets of {@code invoice.commands} are read
 */
@ConfigurationProperties("invoice.worker")
public record WorkerProperties(@DefaultValue("2") int concurrency, @DefaultValue("500") int batchSize,
		@DefaultValue("20ms") Duration fetchMaxWait, @DefaultValue("6") int partitions,
		@DefaultValue("1") short replicationFactor, @DefaultValue("5m") Duration sameOrderWindow,
		@DefaultValue("2m") Duration sameAmountWindow, Set<String> currencies,
		@DefaultValue("200ms") Duration retryInitialInterval, @DefaultValue("30s") Duration retryMaxInterval,
		@DefaultValue("2m") Duration stuckRetryAfter, @DefaultValue("2m") Duration stallAfter,
		@DefaultValue("15s") Duration stallCheckInterval) {

	public WorkerProperties {
		if (concurrency < 1) {
			throw new IllegalArgumentException("invoice.worker.concurrency must be at least 1, was " + concurrency);
		}
		if (batchSize < 1) {
			throw new IllegalArgumentException("invoice.worker.batch-size must be at least 1, was " + batchSize);
		}
		currencies = (currencies == null || currencies.isEmpty()) ? CreateInvoiceRules.DEFAULT_CURRENCIES
				: Set.copyOf(currencies);
	}

}
