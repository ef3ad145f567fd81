package com.clinicbilling.benchmarks.baseline;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the seed baseline ({@code baseline.*}).
 *
 * @param mode {@code before}: the incident's route; {@code after}: with the seed's fixes
 * @param clinicId the clinic every request belongs to (the baseline has no authentication, as the
 * cost of checking a token is not what is compared)
 * @param retries how often the "after" route retries a call that could not get a connection
 * (the seed's withRetry: at most 2)
 * @param retryBackoff wait before the first retry, doubled for the next
 * @param retryAfter the Retry-After of the "after" route's 503 (the seed's: 10 s)
 */
@ConfigurationProperties("baseline")
record BaselineProperties(@DefaultValue("before") Mode mode, @DefaultValue("1") long clinicId,
		@DefaultValue("2") int retries, @DefaultValue("100ms") Duration retryBackoff,
		@DefaultValue("10s") Duration retryAfter) {

	enum Mode {

		BEFORE, AFTER

	}

}
