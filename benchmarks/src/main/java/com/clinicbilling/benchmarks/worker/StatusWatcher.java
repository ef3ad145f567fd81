package com.clinicbilling.benchmarks.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Tells when a drain is complete by reading {@code invoice.request-status}: the worker publishes a
 * command's status right after the transaction that wrote its invoice committed, so the last
 * expected status marks the moment all invoices exist (plus a few milliseconds of publishing).
 * Matching keys to known request ids needs no decoding, and reading a topic costs the database
 * nothing, unlike polling {@code count(*)} over a growing table every few milliseconds.
 */
final class StatusWatcher implements AutoCloseable {

	private final KafkaConsumer<String, byte[]> consumer;

	private final Thread reader;

	private volatile Expectation current;

	private volatile boolean running = true;

	StatusWatcher(String bootstrapServers, int partitions) {
		this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new StringDeserializer(), new ByteArrayDeserializer());
		List<TopicPartition> all = new ArrayList<>();
		for (int partition = 0; partition < partitions; partition++) {
			all.add(new TopicPartition(Topics.REQUEST_STATUS, partition));
		}
		this.consumer.assign(all);
		this.consumer.seekToEnd(all);
		// seekToEnd is lazy: resolve the positions now, before any expected status can be written.
		all.forEach(this.consumer::position);
		this.reader = new Thread(this::read, "bench-status-watcher");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/** The statuses of one drain; register it before the worker may write them. */
	static final class Expectation {

		private final Set<String> pending = ConcurrentHashMap.newKeySet();

		private final CountDownLatch complete = new CountDownLatch(1);

		private volatile Instant done;

		Expectation(Collection<String> requestIds) {
			this.pending.addAll(requestIds);
		}

		void seen(String requestId) {
			if (this.pending.remove(requestId) && this.pending.isEmpty()) {
				this.done = Instant.now();
				this.complete.countDown();
			}
		}

		/** Waits up to {@code timeout}; answers whether every status was seen. */
		boolean await(long timeout, TimeUnit unit) throws InterruptedException {
			return this.complete.await(timeout, unit);
		}

		Instant done() {
			return this.done;
		}

		int pending() {
			return this.pending.size();
		}

	}

	Expectation expect(Collection<String> requestIds) {
		Expectation expectation = new Expectation(requestIds);
		this.current = expectation;
		return expectation;
	}

	private void read() {
		try {
			while (this.running) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(100))) {
					Expectation expectation = this.current;
					if (expectation != null && record.key() != null) {
						expectation.seen(record.key());
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
