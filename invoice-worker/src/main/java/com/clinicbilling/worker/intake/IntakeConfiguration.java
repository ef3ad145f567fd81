package com.clinicbilling.worker.intake;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import com.clinicbilling.schemas.DeadLetters;
import com.clinicbilling.schemas.PartitionStalls;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.worker.system.WorkerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The consumer of both lanes ({@code invoice.commands}, {@code invoice.commands.bulk}): batch
 * listener, one thread per database connection whichever lane it serves ({@link LanePriority}
 * puts the interactive one first), offsets committed only after a batch's transaction committed
 * and its statuses were published. Each lane's dead letters go to its own {@code -dlt} topic.
 *
 * <p>What a failure is, is decided by {@link FailureClass}; here is what follows from it. Poison
 * (bytes that do not decode, a command that can never be answered) goes to the dead-letter topic at
 * once. Data the database refuses never reaches this handler: {@link BatchSplitter} rejects the
 * command and commits the rest. Everything else (transient, and failures no rule knows, reported by
 * {@link StuckRetries}) retries its batch with back-off, consumption paused, for as long as it
 * takes. Business rejections are not failures: they are REJECTED statuses.
 */
@Configuration(proxyBeanMethods = false)
class IntakeConfiguration {

	static final String GROUP_ID = "invoice-worker";

	/** Values stay bytes until the listener decodes them, so a dead letter is the original bytes. */
	@Bean
	ConsumerFactory<String, byte[]> commandConsumerFactory(KafkaProperties kafka, WorkerProperties properties,
			MeterRegistry meterRegistry) {
		Map<String, Object> config = kafka.buildConsumerProperties();
		config.putIfAbsent(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// The gateway writes a command and its PENDING status in one Kafka transaction.
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.batchSize());
		config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) properties.fetchMaxWait().toMillis());
		var factory = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new ByteArrayDeserializer());
		// Kafka's client metrics, consumer lag among them, on the actuator's registry.
		factory.addListener(new MicrometerConsumerListener<>(meterRegistry));
		return factory;
	}

	@Bean
	ProducerFactory<String, byte[]> workerProducerFactory(KafkaProperties kafka) {
		Map<String, Object> config = kafka.buildProducerProperties();
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		// The listener waits for the acknowledgements before the batch's offsets may be committed, so a
		// linger would only add to every batch: records sent together are batched while one is in flight.
		config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
		return new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
	}

	@Bean
	KafkaTemplate<String, byte[]> workerKafkaTemplate(ProducerFactory<String, byte[]> workerProducerFactory) {
		return new KafkaTemplate<>(workerProducerFactory);
	}

	@Bean
	DefaultErrorHandler commandErrorHandler(KafkaTemplate<String, byte[]> workerKafkaTemplate,
			WorkerProperties properties, IntakeMetrics metrics) {
		ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
		backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
		// No maximum elapsed time: a database outage pauses consumption; it never dead-letters.
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(workerKafkaTemplate);
		deadLetters.setHeadersFunction((record, failure) -> new RecordHeaders(new Header[] { new RecordHeader(
				DeadLetters.ERROR_CODE_HEADER, errorCode(failure).getBytes(StandardCharsets.UTF_8)) }));
		DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> {
			deadLetters.accept(record, failure);
			metrics.deadLettered();
		}, backOff);
		handler.addNotRetryableExceptions(SerializationException.class, PoisonCommandException.class,
				UnprocessableCommandException.class);
		return handler;
	}

	private static String errorCode(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnprocessableCommandException) {
				return DeadLetters.UNPROCESSABLE_COMMAND;
			}
		}
		return DeadLetters.errorCode(failure);
	}

	/**
	 * Watches the committed offsets of this worker's consumer group on both lanes' command topics:
	 * gauge {@code invoice.worker.partition.stalled.seconds{topic,partition}}, an ERROR line with the
	 * last batch failure once a partition has stalled {@code stall-after}, and a health detail. Never a
	 * status: a database outage stalls the same way and must not take workers out of rotation. Closed
	 * with the context.
	 */
	@Bean
	PartitionStalls partitionStalls(KafkaAdmin kafkaAdmin, MeterRegistry registry, IntakeMetrics metrics, Clock clock,
			WorkerProperties properties) {
		PartitionStalls stalls = new PartitionStalls(clock, properties.stallAfter());
		stalls.start(kafkaAdmin.getConfigurationProperties(), GROUP_ID, Topics.COMMAND_TOPICS,
				properties.stallCheckInterval(), () -> "last batch failure: " + metrics.lastFailure(), registry,
				"invoice.worker.partition.stalled.seconds", "Seconds the committed offset has not moved while records wait");
		return stalls;
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "invoice.worker.lanes.priority", matchIfMissing = true)
	LanePriority lanePriority(LaneProperties lanes) {
		return new LanePriority(lanes);
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> commandContainerFactory(
			ConsumerFactory<String, byte[]> commandConsumerFactory, DefaultErrorHandler commandErrorHandler,
			WorkerProperties properties, LaneProperties lanes, ObjectProvider<LanePriority> lanePriority) {
		var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
		factory.setConsumerFactory(commandConsumerFactory);
		factory.setBatchListener(true);
		factory.setConcurrency(properties.concurrency());
		factory.setCommonErrorHandler(commandErrorHandler);
		factory.getContainerProperties().setAckMode(AckMode.BATCH);
		// Committed only after the listener returned, i.e. after the batch's statuses are stored: a commit
		// that fails or is lost only redelivers the batch, whose statuses are then answered again, so the
		// consumer thread need not wait for the coordinator's answer before its next poll.
		factory.getContainerProperties().setSyncCommits(false);
		// The gateway writes in Kafka transactions: without this the committed offset of a drained
		// partition stays one short of the end (the commit marker) and would read as a stall.
		factory.getContainerProperties().setFixTxOffsets(true);
		lanePriority.ifAvailable((priority) -> {
			factory.setBatchInterceptor(priority);
			// An empty poll calls no batch hook: the idle event, on the consumer's thread, resumes bulk.
			factory.getContainerProperties().setIdleEventInterval(lanes.idleResume().toMillis());
			factory.getContainerProperties().setPollTimeout(lanes.idleResume().toMillis());
		});
		return factory;
	}

}
