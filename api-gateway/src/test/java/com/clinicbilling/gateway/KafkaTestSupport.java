package com.clinicbilling.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

	/** Every committed record of a topic, as a consumer reading committed data sees it now. */
	public static List<ConsumerRecord<String, byte[]>> readAll(String bootstrap, String topic) {
		try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
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
		try (KafkaConsumer<String, byte[]> consumer = consumer(bootstrap)) {
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

	private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
		return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
				new ByteArrayDeserializer());
	}

	private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
		return consumer.partitionsFor(topic)
			.stream()
			.map((info) -> new TopicPartition(topic, info.partition()))
			.toList();
	}

}
