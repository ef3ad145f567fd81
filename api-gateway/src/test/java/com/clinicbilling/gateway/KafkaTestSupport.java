package com.clinicbilling.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A real single-node KRaft broker and plain clients to look at what the gateway wrote. */
public final class KafkaTestSupport {

	private KafkaTestSupport() {
	}

	/** A broker without topics: the gateway's own topic declarations create them. */
	public static EmbeddedKafkaKraftBroker startBroker() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 6);
		broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
				"transaction.state.log.min.isr", "1", "group.initial.rebalance.delay.ms", "0"));
		broker.afterPropertiesSet();
		return broker;
	}

	/** Closes what ran on the broker (null when its start failed), then the broker. */
	public static void stop(EmbeddedKafkaKraftBroker broker, AutoCloseable... applications) {
		for (AutoCloseable application : applications) {
			if (application != null) {
				try {
					application.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
		broker.destroy();
	}

	/** Every committed record of a topic, as a consumer reading committed data sees it now. */
	public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
		return readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), topic);
	}

	/** {@link #readAll(String, String)} with a consumer configured so (e.g. with credentials). */
	public static List<ConsumerRecord<String, byte[]>> readAll(Map<String, Object> consumerConfig, String topic) {
		try (KafkaConsumer<String, byte[]> consumer = consumer(consumerConfig)) {
			List<TopicPartition> partitions = partitions(consumer, topic);
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
			while (partitions.stream().anyMatch((tp) -> consumer.position(tp) < ends.get(tp))) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
			return records;
		}
	}

	/** Sum of the topic's end offsets: grows with every record or transaction marker written. */
	public static long endOffsets(String bootstrap, String topic) {
		try (KafkaConsumer<String, byte[]> consumer = consumer(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
			List<TopicPartition> partitions = partitions(consumer, topic);
			consumer.assign(partitions);
			return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
		}
	}

	public static void send(String bootstrap, String topic, String key, byte[] value) throws Exception {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(topic, key, value)).get();
		}
	}

	private static KafkaConsumer<String, byte[]> consumer(Map<String, Object> config) {
		Map<String, Object> readCommitted = new HashMap<>(config);
		readCommitted.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		return new KafkaConsumer<>(readCommitted, new StringDeserializer(), new ByteArrayDeserializer());
	}

	/** The command the gateway published for a request, as the worker reads it. */
	public static CreateInvoice command(String bootstrap, String requestId) {
		return readAll(bootstrap, Topics.COMMANDS).stream()
			.map((record) -> AvroSerde.createInvoice().decode(record.value()))
			.filter((candidate) -> requestId.equals(candidate.getRequestId()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No command of request " + requestId + " on " + Topics.COMMANDS));
	}

	/** The worker's final status for a command, as it builds it: the command's identity, then the outcome. */
	public static RequestStatus.Builder finalStatus(CreateInvoice command, RequestState state) {
		return RequestStatus.newBuilder()
			.setRequestId(command.getRequestId())
			.setClinicId(command.getClinicId())
			.setIdempotencyKey(command.getIdempotencyKey())
			.setBodyFingerprint(command.getBodyFingerprint())
			.setAcceptedAt(command.getAcceptedAt())
			.setState(state)
			.setCompletedAt(Instant.parse("2026-03-01T12:00:01Z"));
	}

	private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
		return consumer.partitionsFor(topic)
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
	}

}
