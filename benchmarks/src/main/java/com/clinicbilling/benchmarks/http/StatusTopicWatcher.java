package com.clinicbilling.benchmarks.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Splits the pipeline's end-to-end latency: reads {@code invoice.request-status} as any consumer
 * may, and records when a followed request's final status was published by the worker. The rest,
 * up to the moment a client's GET shows it, is the gateway's status view catching up.
 */
final class StatusTopicWatcher implements AutoCloseable {

	private final AvroSerde<RequestStatus> serde = AvroSerde.requestStatus();

	private final KafkaConsumer<String, byte[]> consumer;

	private final Map<String, Follow> following = new ConcurrentHashMap<>();

	private final Thread reader;

	private volatile boolean running = true;

	private record Follow(long startNanos, LoadResult result) {
	}

	StatusTopicWatcher(String bootstrapServers) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
				new ByteArrayDeserializer());
		List<TopicPartition> partitions = new ArrayList<>();
		this.consumer.partitionsFor(Topics.REQUEST_STATUS)
			.forEach((p) -> partitions.add(new TopicPartition(Topics.REQUEST_STATUS, p.partition())));
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		partitions.forEach(this.consumer::position);
		this.reader = new Thread(this::read, "bench-status-topic");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/** Records when the final status of {@code requestId} appears; register before it can. */
	void follow(String requestId, long startNanos, LoadResult result) {
		this.following.put(requestId, new Follow(startNanos, result));
	}

	private void read() {
		try {
			while (this.running) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
					Follow follow = (record.key() != null) ? this.following.get(record.key()) : null;
					if (follow != null && record.value() != null
							&& this.serde.decode(record.value()).getState() != RequestState.PENDING) {
						follow.result().statusPublished.recordNanos(System.nanoTime() - follow.startNanos());
						this.following.remove(record.key());
					}
				}
			}
		}
		catch (WakeupException ex) {
			// close() ends the run.
		}
		finally {
			this.consumer.close(Duration.ofSeconds(5));
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.consumer.wakeup();
		this.reader.join(10_000);
	}

}
