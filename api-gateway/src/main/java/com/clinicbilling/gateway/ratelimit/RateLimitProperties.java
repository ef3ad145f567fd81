package com.clinicbilling.gateway.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The per-clinic limit on {@code POST /v1/invoices}: a token bucket per clinic that holds
 * {@code burst} tokens and refills {@code requestsPerSecond} of them each second. The contract
 * promises at least 1,000 requests/s per clinic with bursts of 2,000.
 *
 * @param enabled whether submissions are limited at all
 * @param requestsPerSecond sustained submissions per second of one clinic
 * @param burst submissions a clinic may make at once after being idle (the bucket's size)
 * @param idleExpiry a clinic's bucket is dropped after this long without a submission; must be at
 * least the time an empty bucket takes to fill again, so a dropped bucket was full anyway
 * @param maxClinics buckets kept at most; bounds the memory whatever the number of clinics
 */
@ConfigurationProperties("invoice.gateway.rate-limit")
record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1000") long requestsPerSecond,
		@DefaultValue("2000") long burst, @DefaultValue("10m") Duration idleExpiry,
		@DefaultValue("100000") long maxClinics) {

	RateLimitProperties {
		if (requestsPerSecond < 1) {
			throw new IllegalArgumentException(
					"invoice.gateway.rate-limit.requests-per-second must be at least 1, was " + requestsPerSecond);
		}
		if (burst < 1) {
			throw new IllegalArgumentException("invoice.gateway.rate-limit.burst must be at least 1, was " + burst);
		}
		if (maxClinics < 1) {
			throw new IllegalArgumentException(
					"invoice.gateway.rate-limit.max-clinics must be at least 1, was " + maxClinics);
		}
		Duration refill = Duration.ofMillis((burst * 1000 + requestsPerSecond - 1) / requestsPerSecond);
		if (idleExpiry.compareTo(refill) < 0) {
			throw new IllegalArgumentException("invoice.gateway.rate-limit.idle-expiry must be at least " + refill
					+ " (burst / requests-per-second), was " + idleExpiry);
		}
	}

}
