package com.clinicbilling.gateway.ratelimit;

import com.clinicbilling.gateway.system.ProblemWriter;
import com.clinicbilling.gateway.system.AuthenticatedFilter;
import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;

/**
 * The per-clinic rate limit of submissions, a servlet filter so that it refuses before the body is
 * read. Public so that slice tests that want the limit can import it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitConfiguration {

	/** @param time a {@link TimeMeter} bean replaces the monotonic clock, for tests */
	@Bean
	@ConditionalOnBooleanProperty(name = "invoice.gateway.rate-limit.enabled", matchIfMissing = true)
	AuthenticatedFilter submitRateLimit(RateLimitProperties properties, ObjectProvider<TimeMeter> time,
			ProblemWriter problems, ObjectProvider<MeterRegistry> meters) {
		ClinicRateLimits limits = new ClinicRateLimits(properties,
				time.getIfAvailable(() -> TimeMeter.SYSTEM_NANOTIME), problems);
		meters.ifAvailable((registry) -> Gauge.builder("invoice.gateway.rate-limit.clinics", limits, ClinicRateLimits::trackedClinics)
			.description("Clinics with a rate-limit bucket on this instance")
			.register(registry));
		return new AuthenticatedFilter(AuthenticatedFilter.RATE_LIMIT, limits);
	}

}
