package com.clinicbilling.gateway.system;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	/** First of all filters, so refusals by the security filters are counted too. */
	@Bean
	FilterRegistrationBean<SubmissionMetricsFilter> submissionMetrics(MeterRegistry registry) {
		FilterRegistrationBean<SubmissionMetricsFilter> registration = new FilterRegistrationBean<>(
				new SubmissionMetricsFilter(registry));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
