package com.clinicbilling.gateway.ratelimit;

import io.github.bucket4j.TimeMeter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The per-clinic rate limit of submissions. The interceptor is registered through a bean rather
 * than by implementing {@link WebMvcConfigurer} here: web slice tests pick up every scanned
 * {@code WebMvcConfigurer}, and this one needs beans those tests do not have. Public so that slice
 * tests that want the limit can import it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitConfiguration {

	/** @param time a {@link TimeMeter} bean replaces the monotonic clock, for tests */
	@Bean
	ClinicRateLimits clinicRateLimits(RateLimitProperties properties, ObjectProvider<TimeMeter> time) {
		return new ClinicRateLimits(properties, time.getIfAvailable(() -> TimeMeter.SYSTEM_NANOTIME));
	}

	@Bean
	WebMvcConfigurer submitRateLimitRegistration(RateLimitProperties properties, ClinicRateLimits limits) {
		return new WebMvcConfigurer() {

			@Override
			public void addInterceptors(InterceptorRegistry registry) {
				if (properties.enabled()) {
					registry.addInterceptor(new SubmitRateLimit(limits)).addPathPatterns("/v1/invoices");
				}
			}

		};
	}

	@Bean
	MeterBinder rateLimitedClinicsGauge(ClinicRateLimits limits) {
		return (registry) -> Gauge.builder("invoice.gateway.rate-limit.clinics", limits, ClinicRateLimits::trackedClinics)
			.description("Clinics with a rate-limit bucket on this instance")
			.register(registry);
	}

}
