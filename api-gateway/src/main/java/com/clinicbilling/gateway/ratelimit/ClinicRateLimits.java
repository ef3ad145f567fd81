package com.clinicbilling.gateway.ratelimit;

import java.time.Duration;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * One Bucket4j token bucket per clinic, in memory of this gateway instance. With several instances
 * behind a load balancer each holds its own buckets, so a clinic's effective limit is the configured
 * one times the instances it reaches; the limit protects the gateway and Kafka from one clinic's
 * flood, it is not a billing quota, so that is the intended trade for keeping the gateway stateless.
 *
 * <p>The buckets live in a Caffeine cache bounded in size and dropping idle clinics. A bucket evicted
 * for size while in use comes back full: a clinic may then get one extra burst, never fewer requests.
 */
final class ClinicRateLimits {

	private final Cache<Long, Bucket> buckets;

	private final RateLimitProperties properties;

	private final TimeMeter time;

	/** @param time the bucket's time source: monotonic nanoseconds in production, a fake one in tests */
	ClinicRateLimits(RateLimitProperties properties, TimeMeter time) {
		this.properties = properties;
		this.time = time;
		this.buckets = Caffeine.newBuilder()
			.maximumSize(properties.maxClinics())
			.expireAfterAccess(properties.idleExpiry())
			.build();
	}

	/**
	 * Takes one token of the clinic's bucket.
	 * @return empty when the request fits the rate, otherwise how long until a token is available
	 */
	Optional<Duration> take(long clinicId) {
		ConsumptionProbe probe = this.buckets.get(clinicId, (id) -> newBucket()).tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Optional.empty() : Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
	}

	long trackedClinics() {
		return this.buckets.estimatedSize();
	}

	private Bucket newBucket() {
		// Greedy refill: tokens come back continuously (one per millisecond at 1,000/s), not in
		// one lump per second, so a clinic at its rate is never refused for a whole second.
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(this.properties.burst())
				.refillGreedy(this.properties.requestsPerSecond(), Duration.ofSeconds(1)))
			.withCustomTimePrecision(this.time)
			.build();
	}

}
