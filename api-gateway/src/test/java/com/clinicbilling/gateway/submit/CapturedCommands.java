package com.clinicbilling.gateway.submit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.clinicbilling.schemas.CreateInvoice;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * For the submit tests without Kafka: the publisher is the only bean replaced, and whatever it
 * captures in the {@code List<CreateInvoice>} bean was "published". It acknowledges at once, so
 * the submit endpoint answers on the request's own thread and MockMvc sees the whole answer.
 */
@TestConfiguration(proxyBeanMethods = false)
class CapturedCommands {

	@Bean
	List<CreateInvoice> published() {
		return new CopyOnWriteArrayList<>();
	}

	@Bean
	CommandPublisher capturingPublisher(List<CreateInvoice> published) {
		return (command) -> {
			published.add(command);
			return CompletableFuture.completedFuture(null);
		};
	}

}
