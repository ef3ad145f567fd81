package com.clinicbilling.benchmarks.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code invoice.request-status} from its end, as any consumer may, on a thread of its own
 * and hands each status (request id, encoded value) to {@code onStatus}. The worker publishes a
 * command's status right after the transaction that wrote its invoice committed, so the status is
 * when the invoice exists; reading a topic costs the database nothing, unlike polling it.
 */
public final class StatusWatcher implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final BiConsumer<String, byte[]> onStatus;

	private final Thread reader;

	private volatile boolean running = true;

	public StatusWatcher(String bootstrapServers, BiConsumer<String, byte[]> onStatus) {
		this.onStatus = onStatus;
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
				new ByteArrayDeserializer());
		List<TopicPartition> partitions = this.consumer.partitionsFor(Topics.REQUEST_STATUS)
			.stream()
			.map((p) -> new TopicPartition(Topics.REQUEST_STATUS, p.partition()))
			.toList();
		this.consumer.assign(partitions);
		this.consumer.seekToEnd(partitions);
		// seekToEnd is lazy: resolve the positions now, before any awaited status can be written.
		partitions.forEach(this.consumer::position);
		this.reader = new Thread(this::read, "bench-status-watcher");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	private void read() {
		try {
			while (this.running) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
					if (record.key() != null && record.value() != null) {
						this.onStatus.accept(record.key(), record.value());
					}
				}
			}
		}
		catch (WakeupException ex) {
			// close() woke the poll: the run is over.
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
