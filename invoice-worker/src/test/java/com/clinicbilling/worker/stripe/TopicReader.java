package com.clinicbilling.worker.stripe;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads what a topic holds now, without joining a consumer group. */
final class TopicReader {

	private TopicReader() {
	}

	/** Records of the topic with this key. */
	static long count(String bootstrap, String topic, String key) {
		return countByKey(bootstrap, topic).getOrDefault(key, 0L);
	}

	/** How many records the topic holds of each key. */
	static Map<String, Long> countByKey(String bootstrap, String topic) {
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			Map<String, Long> counts = new HashMap<>();
			while (partitions.stream().anyMatch((tp) -> consumer.position(tp) < ends.get(tp))) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					counts.merge(record.key(), 1L, Long::sum);
				}
			}
			return counts;
		}
	}

}
