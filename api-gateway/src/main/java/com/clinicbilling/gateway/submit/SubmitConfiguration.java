package com.clinicbilling.gateway.submit;

import java.time.Clock;

import com.clinicbilling.gateway.pipeline.LaneBacklog;
import com.clinicbilling.gateway.status.RequestStatusStore;
import com.clinicbilling.gateway.system.AuthenticatedFilter;
import com.clinicbilling.gateway.system.BodyReadProperties;
import com.clinicbilling.gateway.system.BodyReader;
import com.clinicbilling.gateway.system.ProblemWriter;
import com.clinicbilling.gateway.system.SubmitFilter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ SubmitProperties.class, BodyReadProperties.class })
class SubmitConfiguration {

	/** Bodies over the limit are answered 413 without being read (a declared length) or read further. */
	@Bean
	AuthenticatedFilter submitBodyReader(SubmitProperties properties, BodyReadProperties reading,
			ProblemWriter problems) {
		return new AuthenticatedFilter(AuthenticatedFilter.BODY_READER,
				new BodyReader(SubmitFilter.PATH, properties.maxBodySize().toBytes(), reading, problems));
	}

	/** Answers {@code POST /v1/invoices} at the end of the security chain, without Spring MVC. */
	@Bean
	AuthenticatedFilter submitEndpoint(RequestStatusStore store, CommandIntake intake, Clock clock,
			ObjectProvider<LaneBacklog> lanes, JsonMapper jsonMapper, ProblemWriter problems,
			SubmitProperties properties) {
		return new AuthenticatedFilter(AuthenticatedFilter.SUBMIT,
				new SubmitEndpoint(store, intake, clock, lanes, jsonMapper, problems, properties));
	}

	/** First of all filters, so a shed submission costs nothing else and every refusal is counted ({@link SubmitAdmission}). */
	@Bean
	FilterRegistrationBean<SubmitAdmission> submitAdmission(SubmitProperties properties, ProblemWriter problems,
			ObjectProvider<MeterRegistry> meters) {
		// A web slice without metrics (the MockMvc tests) counts into a registry nobody reads.
		MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
		SubmitAdmission admission = new SubmitAdmission(properties.maxInFlight(), properties.retryAfter(), problems,
				registry);
		Gauge.builder("gateway.submissions.in_progress", admission, SubmitAdmission::inProgress)
			.description("Submissions admitted and not yet answered; at invoice.gateway.submit.max-in-flight, more are shed")
			.register(registry);
		FilterRegistrationBean<SubmitAdmission> registration = new FilterRegistrationBean<>(admission);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

}
