package com.clinicbilling.gateway.push;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PushProperties.class)
class PushConfiguration {

	@Bean
	MeterBinder openEventStreamsGauge(StatusStreams streams) {
		return (registry) -> Gauge.builder("invoice.gateway.push.streams", streams, StatusStreams::openCount)
			.description("Open status event streams on this instance")
			.register(registry);
	}

}
