package com.clinicbilling.worker.stripe;

import java.time.Clock;
import java.util.Map;

import com.clinicbilling.stripe.Pacer;
import com.stripe.StripeClient;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The Stripe stage, present only when a Stripe API key is set: its own topic, consumer threads,
 * connection pool and rate limit. Without it the command batches use
 * {@link com.clinicbilling.worker.invoice.StripeRouting#LOCAL_ONLY} and OPEN invoices stay local.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(StripeConfigured.class)
@EnableConfigurationProperties(StripeProperties.class)
class StripeConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(StripeConfiguration.class);

	@Bean
	StripeRouter stripeRouting(JdbcTemplate jdbc, KafkaTemplate<String, byte[]> workerKafkaTemplate, Clock clock) {
		return new StripeRouter(jdbc, workerKafkaTemplate, clock);
	}

	@Bean(destroyMethod = "close")
	StripeMetrics stripeMetrics(MeterRegistry registry, Clock clock, StripeInvoiceStore stripeInvoiceStore,
			StripeProperties properties) {
		StripeMetrics metrics = new StripeMetrics(registry, clock);
		metrics.start(stripeInvoiceStore, properties.backlogCheckInterval());
		return metrics;
	}

	@Bean
	StripeCalls stripeCalls(StripeProperties properties, StripeMetrics metrics) {
		StripeClient client = StripeClient.builder()
			.setApiKey(properties.apiKey())
			.setApiBase(properties.apiBase())
			.setConnectTimeout((int) properties.connectTimeout().toMillis())
			.setReadTimeout((int) properties.readTimeout().toMillis())
			// Retries are ours (back-off, pausing the stage), with our idempotency keys.
			.setMaxNetworkRetries(0)
			.build();
		logger.info("Creating OPEN invoices on Stripe at {}: {} threads, at most {} requests/s", properties.apiBase(),
				properties.concurrency(), properties.requestsPerSecond());
		return new StripeCalls(client, new Pacer(properties.requestsPerSecond()), properties, metrics);
	}

	/** A pool of the stage's own, one connection per thread, so it never takes one of the batches'. */
	@Bean
	StripeInvoiceStore stripeInvoiceStore(DataSourceProperties dataSource, StripeProperties properties) {
		HikariDataSource pool = dataSource.initializeDataSourceBuilder().type(HikariDataSource.class).build();
		pool.setPoolName("invoice-worker-stripe");
		pool.setMaximumPoolSize(properties.concurrency());
		pool.setMinimumIdle(0);
		pool.setConnectionTimeout(5_000);
		return new StripeInvoiceStore(pool);
	}

	@Bean
	StripeInvoiceSync stripeInvoiceSync(StripeInvoiceStore store, StripeCalls calls,
			KafkaTemplate<String, byte[]> workerKafkaTemplate, Clock clock) {
		return new StripeInvoiceSync(store, calls, workerKafkaTemplate, clock);
	}

	@Bean
	StripeSyncListener stripeSyncListener(StripeInvoiceSync sync) {
		return new StripeSyncListener(sync);
	}

	/**
	 * One record per poll: a hand-off may take several Stripe round trips, and the next poll must
	 * come within {@code max.poll.interval.ms}. Transient failures are retried with back-off without
	 * end and never dead-lettered; only bytes that do not decode are skipped (and logged).
	 */
	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> stripeSyncContainerFactory(KafkaProperties kafka,
			StripeProperties properties, MeterRegistry meterRegistry) {
		Map<String, Object> config = kafka.buildConsumerProperties();
		config.put(ConsumerConfig.GROUP_ID_CONFIG, StripeSyncListener.GROUP_ID);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
		ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
		backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
		DefaultErrorHandler errors = new DefaultErrorHandler(backOff);
		errors.addNotRetryableExceptions(SerializationException.class);
		errors.setLogLevel(KafkaException.Level.WARN);
		var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
		var consumers = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());
		// Kafka's client metrics, the stage's consumer lag among them, on the actuator's registry.
		consumers.addListener(new MicrometerConsumerListener<>(meterRegistry));
		factory.setConsumerFactory(consumers);
		factory.setConcurrency(properties.concurrency());
		factory.setCommonErrorHandler(errors);
		factory.getContainerProperties().setAckMode(AckMode.RECORD);
		return factory;
	}

}
