package com.clinicbilling.gateway.submit;

import java.time.Clock;
import java.time.Duration;

import com.clinicbilling.gateway.system.AuthenticatedFilter;
import com.clinicbilling.gateway.system.BodyReadProperties;
import com.clinicbilling.gateway.system.BodyReader;
import com.clinicbilling.gateway.system.ProblemWriter;
import com.clinicbilling.schemas.CreateInvoiceRules;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ SubmitProperties.class, BodyReadProperties.class })
class SubmitConfiguration {

	/** Bodies over the limit are answered 413 without being read (a declared length) or read further. */
	@Bean
	AuthenticatedFilter submitBodyReader(SubmitProperties properties, BodyReadProperties reading,
			ProblemWriter problems) {
		return new AuthenticatedFilter(AuthenticatedFilter.BODY_READER,
				new BodyReader("/v1/invoices", properties.maxBodySize().toBytes(), reading, problems));
	}

	/** No clock skew at the edge: the clock that checks {@code paidAt} is the one accepting it. */
	@Bean
	CreateInvoiceRules createInvoiceRules(SubmitProperties properties, Clock clock) {
		return new CreateInvoiceRules(properties.currencies(), clock, Duration.ZERO);
	}

}
