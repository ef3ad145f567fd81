package com.clinicbilling.gateway.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * Reads {@code invoice.request-status} and the command topics into the {@link RequestStatusStore} from
 * where the store's last write left them (from the beginning into an empty store), then follows them.
 * A command is its request's PENDING status: the gateway stores nothing else when it accepts one, so
 * every instance learns PENDING from the command, within a poll and after any restart.
 *
 * <p>A plain {@link KafkaConsumer} on one thread rather than a listener container: every instance must
 * read every partition, so there is no group and nothing to commit; the consumer assigns the partitions
 * itself and picks up partitions added later; the positions are stored with the statuses in one write,
 * not committed to a group, so store and positions never disagree; and "caught up" needs the end offsets
 * seen at start compared with the consumer's positions, which a container does not expose. Records are decoded here,
 * not by a deserializer, so one undecodable record is logged and skipped instead of stopping the feed.
 */
@Component
class RequestStatusFeed implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RequestStatusFeed.class);

	private final RequestStatusStore store;

	private final StatusStoreProperties properties;

	private final Map<String, Object> consumerConfig;

	private final KafkaAdmin kafkaAdmin;

	private static final List<String> TOPICS = Stream
		.concat(Stream.of(Topics.REQUEST_STATUS), Topics.COMMAND_TOPICS.stream())
		.toList();

	private final AvroSerde<RequestStatus> statuses = AvroSerde.requestStatus();

	private final AvroSerde<CreateInvoice> commands = AvroSerde.createInvoice();

	private volatile boolean running;

	private volatile boolean caughtUp;

	private volatile boolean kafkaReachable;

	private volatile Thread thread;

	private volatile KafkaConsumer<String, byte[]> consumer;

	/**
	 * Per status partition, the offset the store had read up to at start: records before it are read
	 * again only for {@link RequestStatusStore#replayed}.
	 */
	private final Map<TopicPartition, Long> replayUntil = new HashMap<>();

	/** The positions last written to the store. */
	private final Map<TopicPartition, Long> written = new HashMap<>();

	private final AtomicLong recordsRead = new AtomicLong();

	/** End offsets when the feed first saw the topic: reading up to them is "caught up". */
	private Map<TopicPartition, Long> startEndOffsets;

	private long nextProbe;

	private long startedAt;

	RequestStatusFeed(RequestStatusStore store, StatusStoreProperties properties, KafkaProperties kafka,
			KafkaAdmin kafkaAdmin) {
		this.store = store;
		this.properties = properties;
		this.consumerConfig = consumerConfig(kafka, properties);
		this.kafkaAdmin = kafkaAdmin;
	}

	private static Map<String, Object> consumerConfig(KafkaProperties kafka, StatusStoreProperties properties) {
		Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		config.remove(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG);
		config.remove(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-status-feed");
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		// Records of aborted transactions (older gateways and tools wrote commands in transactions) must
		// never show: their commands were not stored.
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
		// A stored position the topic's retention has deleted since: read what is left.
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		// Larger polls while catching up: one store write per poll.
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) properties.kafkaTimeout().toMillis());
		// poll() returns as soon as a fetch brings records, but on a quiet topic a fetch can sit on the
		// broker for fetch.max.wait.ms: a short wait keeps a status's way to event streams short.
		config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) properties.fetchMaxWait().toMillis());
		return config;
	}

	boolean isCaughtUp() {
		return this.caughtUp;
	}

	boolean isKafkaReachable() {
		return this.kafkaReachable;
	}

	/** Records read and handed to the store since this start, not counting those read again for replay. */
	long recordsRead() {
		return this.recordsRead.get();
	}

	@Override
	public void start() {
		this.running = true;
		this.startedAt = System.nanoTime();
		this.consumer = new KafkaConsumer<>(this.consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
		this.thread = new Thread(this::run, "request-status-feed");
		this.thread.setDaemon(true);
		this.thread.start();
	}

	@Override
	public void stop() {
		this.running = false;
		this.consumer.wakeup();
		try {
			this.thread.join(this.properties.kafkaTimeout().plusSeconds(2).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void run() {
		try {
			while (this.running) {
				try {
					step();
				}
				catch (WakeupException ex) {
					// stop() woke the consumer; the loop condition ends the thread.
				}
				catch (TimeoutException ex) {
					markUnreachable(ex);
				}
				catch (KafkaException ex) {
					markUnreachable(ex);
					pause(this.properties.pollTimeout());
				}
				catch (RuntimeException ex) {
					// Never let the feed die quietly: the store would go stale while health stays UP.
					log.error("Status feed failed; retrying", ex);
					pause(this.properties.probeInterval());
				}
			}
		}
		finally {
			this.consumer.close(CloseOptions.timeout(this.properties.kafkaTimeout()));
		}
	}

	private void step() {
		if (this.startEndOffsets == null || System.nanoTime() - this.nextProbe >= 0) {
			probe();
		}
		if (this.consumer.assignment().isEmpty()) {
			// Nothing to read until the topic exists; poll() would refuse to run without partitions.
			pause(this.properties.pollTimeout());
			return;
		}
		List<RequestStatusStore.Update> updates = new ArrayList<>();
		for (ConsumerRecord<String, byte[]> record : this.consumer.poll(this.properties.pollTimeout())) {
			RequestStatusStore.Update update = decode(record);
			if (update == null) {
				continue;
			}
			Long until = this.replayUntil.get(new TopicPartition(record.topic(), record.partition()));
			if (until != null && record.offset() < until) {
				this.store.replayed(update.status(), update.position());
			}
			else {
				updates.add(update);
			}
		}
		Map<TopicPartition, Long> moved = new HashMap<>();
		for (TopicPartition partition : this.consumer.assignment()) {
			long position = this.consumer.position(partition, this.properties.kafkaTimeout());
			if (!Long.valueOf(position).equals(this.written.get(partition))
					&& position > this.replayUntil.getOrDefault(partition, 0L)) {
				moved.put(partition, position);
			}
		}
		if (!updates.isEmpty() || !moved.isEmpty()) {
			this.store.apply(updates, moved);
			this.written.putAll(moved);
			this.recordsRead.addAndGet(updates.size());
		}
		if (!this.caughtUp && this.startEndOffsets != null && reachedStartEndOffsets()) {
			this.caughtUp = true;
			log.info("Status store caught up: {} records read in {} ms, about {} requests stored", this.recordsRead(),
					Duration.ofNanos(System.nanoTime() - this.startedAt).toMillis(), this.store.size());
		}
		if (this.caughtUp) {
			this.store.sweep();
		}
	}

	/** Assigns any partition not yet read and checks that Kafka answers. */
	private void probe() {
		Duration timeout = this.properties.kafkaTimeout();
		this.nextProbe = System.nanoTime() + this.properties.probeInterval().toNanos();
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : TOPICS) {
			List<TopicPartition> ofTopic = this.consumer.partitionsFor(topic, timeout)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			if (ofTopic.isEmpty()) {
				// Topics are declared at start-up; a gateway that started before Kafka declares them now,
				// before a first send lets the broker auto-create them without compaction.
				log.warn("Topic {} does not exist; declaring the gateway's topics", topic);
				this.kafkaAdmin.initialize();
				return;
			}
			partitions.addAll(ofTopic);
		}
		if (!this.kafkaReachable) {
			log.info("Status feed reached Kafka");
			this.kafkaReachable = true;
		}
		Set<TopicPartition> added = new HashSet<>(partitions);
		added.removeAll(this.consumer.assignment());
		if (!added.isEmpty()) {
			this.consumer.assign(partitions);
			seekToStoredPositions(added, partitions);
		}
		Map<TopicPartition, Long> endOffsets = this.consumer.endOffsets(partitions, timeout);
		if (this.startEndOffsets == null) {
			this.startEndOffsets = Map.copyOf(endOffsets);
		}
		log.debug("Status topic end offsets {}", endOffsets);
	}

	/**
	 * Seeks each partition to where the store's last write left it, or to its beginning. A status
	 * partition starts a little earlier, so the latest records read before are handed out again.
	 */
	private void seekToStoredPositions(Set<TopicPartition> added, List<TopicPartition> all) {
		Map<TopicPartition, Long> stored = this.store.positions();
		long statusPartitions = all.stream().filter((tp) -> tp.topic().equals(Topics.REQUEST_STATUS)).count();
		long replay = (this.store.history() + statusPartitions - 1) / Math.max(1, statusPartitions);
		Map<TopicPartition, Long> beginnings = this.consumer.beginningOffsets(added, this.properties.kafkaTimeout());
		for (TopicPartition partition : added) {
			Long next = stored.get(partition);
			if (next == null) {
				this.consumer.seek(partition, beginnings.get(partition));
				continue;
			}
			this.written.put(partition, next);
			if (partition.topic().equals(Topics.REQUEST_STATUS) && replay > 0) {
				this.replayUntil.put(partition, next);
				this.consumer.seek(partition, Math.max(beginnings.get(partition), next - replay));
			}
			else {
				this.consumer.seek(partition, next);
			}
		}
		log.info("Status store reads {} partition(s) of {}: {} from stored positions, the others from the beginning",
				added.size(), TOPICS, added.stream().filter(stored::containsKey).count());
	}

	private boolean reachedStartEndOffsets() {
		Duration timeout = this.properties.kafkaTimeout();
		return this.startEndOffsets.entrySet()
			.stream()
			.allMatch((end) -> this.consumer.position(end.getKey(), timeout) >= end.getValue());
	}

	/** The status a record stands for, or {@code null} for one that stands for none. */
	private RequestStatusStore.Update decode(ConsumerRecord<String, byte[]> record) {
		if (record.value() == null) {
			return null;
		}
		try {
			if (!Topics.REQUEST_STATUS.equals(record.topic())) {
				CreateInvoice command = this.commands.decode(record.value());
				return command.getRequestId().isBlank() ? null
						: new RequestStatusStore.Update(RequestStatusStore.pending(command), null, record.timestamp());
			}
			// Positions in the status topic are the clinic streams' event ids; commands have none.
			return new RequestStatusStore.Update(this.statuses.decode(record.value()),
					new RequestStatusStore.StatusPosition(record.partition(), record.offset()), record.timestamp());
		}
		catch (SerializationException ex) {
			log.warn("Skipping undecodable record of {} at partition={} offset={}: {}", record.topic(),
					record.partition(), record.offset(), ex.getMessage());
			return null;
		}
	}

	private void markUnreachable(KafkaException ex) {
		if (this.kafkaReachable) {
			log.warn("Kafka unreachable from the status feed: {}", ex.toString());
		}
		this.kafkaReachable = false;
		this.nextProbe = System.nanoTime();
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
