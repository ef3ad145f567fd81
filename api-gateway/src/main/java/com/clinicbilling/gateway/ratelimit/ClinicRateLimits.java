package com.clinicbilling.gateway.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import com.clinicbilling.gateway.security.ClinicPrincipal;
import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.gateway.system.ProblemWriter;
import com.clinicbilling.gateway.system.SubmitFilter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses a submission with 429 when its clinic is over its rate. It runs after Spring Security has
 * authenticated the caller (the clinic comes from the token) and before the body is read, so a
 * refused request costs no reading or parsing, publishes nothing, and its connection is closed
 * without the rest of its body being read.
 *
 * <p>One Bucket4j token bucket per clinic, in memory of this gateway instance. With several instances
 * behind a load balancer each holds its own buckets, so a clinic's effective limit is the configured
 * one times the instances it reaches; the limit protects the gateway and Kafka from one clinic's
 * flood, it is not a billing quota, so that is the intended trade for keeping the gateway stateless.
 * The buckets live in a Caffeine cache bounded in size and dropping idle clinics. A bucket evicted
 * for size while in use comes back full: a clinic may then get one extra burst, never fewer requests.
 */
final class ClinicRateLimits extends SubmitFilter {

	private static final Logger log = LoggerFactory.getLogger(ClinicRateLimits.class);

	private final Cache<Long, Bucket> buckets;

	private final RateLimitProperties properties;

	private final TimeMeter time;

	private final ProblemWriter problems;

	/** @param time the bucket's time source: monotonic nanoseconds in production, a fake one in tests */
	ClinicRateLimits(RateLimitProperties properties, TimeMeter time, ProblemWriter problems) {
		this.properties = properties;
		this.time = time;
		this.problems = problems;
		this.buckets = Caffeine.newBuilder()
			.maximumSize(properties.maxClinics())
			.expireAfterAccess(properties.idleExpiry())
			.build();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
			long clinicId = ClinicPrincipal.clinicId(jwt);
			Optional<Duration> wait = take(clinicId);
			if (wait.isPresent()) {
				log.debug("Rate limited clinicId={} for {} ms", clinicId, wait.get().toMillis());
				this.problems.write(response, ProblemException.rateLimited(wait.get()));
				return;
			}
		}
		// Without a JWT principal security has refused the request already; there is no clinic to count.
		chain.doFilter(request, response);
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
