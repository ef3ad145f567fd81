package com.clinicbilling.gateway.submit;

import java.time.Clock;
import java.time.Duration;

import com.clinicbilling.schemas.CreateInvoiceRules;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SubmitProperties.class)
class SubmitConfiguration {

	/** No clock skew at the edge: the clock that checks {@code paidAt} is the one accepting it. */
	@Bean
	CreateInvoiceRules createInvoiceRules(SubmitProperties properties, Clock clock) {
		return new CreateInvoiceRules(properties.currencies(), clock, Duration.ZERO);
	}

}
