package com.clinicbilling.gateway.system;

import java.time.Clock;

import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.admin.NewTopic;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Cross-cutting beans: the clock, strict JSON reading and the topics of the contract. Public so that
 * web slice tests of other packages can import it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ TopicProperties.class, BodyReadProperties.class })
public class SystemConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * The contract answers unknown fields and wrong types with 400; Jackson and Boot are lenient by
	 * default ({@code "101"} would bind to a number, {@code 1.5} to an integer, a repeated key would
	 * silently win). A lenient reading would also make two bodies that mean different things share a
	 * fingerprint.
	 */
	@Bean
	JsonMapperBuilderCustomizer strictJsonReading() {
		return (builder) -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
			.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

	@Bean
	ProblemWriter problemWriter(JsonMapper jsonMapper) {
		return new ProblemWriter(jsonMapper);
	}

	/** Right after the submission metrics, before any filter that reads a header the gateway refuses. */
	@Bean
	FilterRegistrationBean<HeaderCheck> headerCheck(ProblemWriter problems) {
		FilterRegistrationBean<HeaderCheck> registration = new FilterRegistrationBean<>(new HeaderCheck(problems));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
		return registration;
	}

	/** The Stripe webhook's body: Stripe signs it, so it is read whole before anything else is decided. */
	@Bean
	AuthenticatedFilter webhookBodyReader(BodyReadProperties properties, ProblemWriter problems) {
		return new AuthenticatedFilter(AuthenticatedFilter.BODY_READER,
				new BodyReader("/v1/webhooks/stripe", properties.webhookMaxSize().toBytes(), properties, problems));
	}

	/**
	 * The contract's topics (the status topic compacted, so it can rebuild a gateway's store), created
	 * when missing only where {@code spring.kafka.admin.auto-create} is true (its default: local stack, tests).
	 * Deployed environments set it false and create the topics themselves, so an application never
	 * creates a topic with the wrong settings.
	 */
	@Bean
	@ConditionalOnBooleanProperty(name = "spring.kafka.admin.auto-create", matchIfMissing = true)
	KafkaAdmin.NewTopics topics(TopicProperties topics) {
		return new KafkaAdmin.NewTopics(
				Topics.declarations(topics.partitions(), topics.replicationFactor()).toArray(NewTopic[]::new));
	}

}
