package com.clinicbilling.gateway.submit;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * The idempotent producer of commands. It replaces Boot's producer factory: values are already Avro
 * bytes, and acks, idempotence and the time-outs are part of the contract, not something
 * {@code spring.kafka.producer.*} may weaken. No transactions: a command is one record.
 */
@Configuration(proxyBeanMethods = false)
class KafkaPublishingConfiguration {

	@Bean
	ProducerFactory<String, byte[]> commandProducerFactory(KafkaProperties kafka, SubmitProperties properties,
			ObjectProvider<DefaultKafkaProducerFactoryCustomizer> customizers) {
		Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
		config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.maxBlock().toMillis());
		config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) properties.requestTimeout().toMillis());
		config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) properties.deliveryTimeout().toMillis());
		DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config,
				new StringSerializer(), new ByteArraySerializer());
		// A producer whose broker is gone must not hold shutdown for the default 30 s.
		factory.setPhysicalCloseTimeout((int) Math.max(1, properties.maxBlock().toSeconds()));
		customizers.orderedStream().forEach((customizer) -> customizer.customize(factory));
		return factory;
	}

	@Bean
	KafkaTemplate<String, byte[]> commandTemplate(ProducerFactory<String, byte[]> commandProducerFactory) {
		KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(commandProducerFactory) {

			/**
			 * None: the observation would look the cluster id up with an admin client on the first send,
			 * on the request's thread, and while Kafka is away that blocks the request for the admin's
			 * time-outs instead of answering 503 within max-block. The id is only an observation tag.
			 */
			@Override
			protected String clusterId() {
				return null;
			}

		};
		// The default listener logs every failed send as ERROR with its stack trace; during an outage
		// that is one per request. The 503 is logged once, as WARN, by the exception handler.
		template.setProducerListener(new ProducerListener<>() {
		});
		// Carries the request's W3C trace context (traceparent) into the command's headers.
		template.setObservationEnabled(true);
		return template;
	}

	@Bean
	CommandPublisher kafkaCommandPublisher(KafkaTemplate<String, byte[]> commandTemplate, SubmitProperties properties) {
		return new KafkaCommandPublisher(commandTemplate, properties.retryAfter());
	}

}
