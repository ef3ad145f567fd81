package com.clinicbilling.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.DeadLetters;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the dead-letter topics of both lanes ({@link Topics#COMMAND_DEAD_LETTER_TOPICS}) from the
 * start to where they end now. They hold only what could never be processed, so they are small;
 * reading them whole keeps the listing consistent without any state of our own. At most
 * {@code maxRecords} are read. A bulk-lane dead letter's id starts with {@code bulk-}.
 */
public final class DeadLetterLog {

	private final Map<String, Object> consumerConfig;

	private final int maxRecords;

	private final Duration timeout;

	private final AvroSerde<CreateInvoice> commands = AvroSerde.createInvoice();

	/**
	 * @param clientConfig the Kafka client settings the reader starts from, security included: the
	 * gateway's {@code spring.kafka.*} consumer settings, or a command-line tool's
	 */
	public DeadLetterLog(Map<String, Object> clientConfig, int maxRecords, Duration timeout) {
		Map<String, Object> config = new HashMap<>(clientConfig);
		// Read by assignment, never committed: no group of its own.
		config.remove(ConsumerConfig.GROUP_ID_CONFIG);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
		config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		this.consumerConfig = Map.copyOf(config);
		this.maxRecords = maxRecords;
		this.timeout = timeout;
	}

	/** The dead letters that match, newest first. */
	public List<DeadLetter> find(Predicate<DeadLetter> filter) {
		List<DeadLetter> all = readAll();
		return all.stream().filter(filter).sorted(Comparator.comparing(DeadLetter::failedAt).reversed()
			.thenComparing(DeadLetter::id, Comparator.reverseOrder())).toList();
	}

	private List<DeadLetter> readAll() {
		List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(this.consumerConfig, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = Topics.COMMAND_DEAD_LETTER_TOPICS.stream()
				.flatMap((topic) -> consumer.partitionsFor(topic, this.timeout).stream())
				.map((p) -> new TopicPartition(p.topic(), p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions, this.timeout);
			long deadline = System.nanoTime() + this.timeout.toNanos();
			while (!caughtUp(consumer, end) && records.size() < this.maxRecords) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException(
							"Reading " + Topics.COMMAND_DEAD_LETTER_TOPICS + " took over " + this.timeout);
				}
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		Map<String, Integer> attempts = new HashMap<>();
		records.forEach((r) -> attempts.merge(String.valueOf(r.key()), 1, Integer::sum));
		return records.stream().map((r) -> toDeadLetter(r, attempts.get(String.valueOf(r.key())))).toList();
	}

	private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
		return end.entrySet().stream().allMatch((e) -> consumer.position(e.getKey()) >= e.getValue());
	}

	private DeadLetter toDeadLetter(ConsumerRecord<String, byte[]> record, int attempts) {
		CreateInvoice command = null;
		try {
			command = (record.value() != null) ? this.commands.decode(record.value()) : null;
		}
		catch (RuntimeException ex) {
			// Undecodable here too: listed, never replayed.
		}
		String lane = Topics.COMMANDS_BULK_DEAD_LETTER.equals(record.topic()) ? "bulk-" : "";
		return new DeadLetter(lane + record.partition() + "-" + record.offset(), record.key(), clinicOf(record.key(), command),
				DeadLetterErrors.code(header(record, DeadLetters.ERROR_CODE_HEADER)),
				Instant.ofEpochMilli(record.timestamp()), attempts, command);
	}

	private static Long clinicOf(String key, CreateInvoice command) {
		if (command != null) {
			return command.getClinicId();
		}
		try {
			return (key != null && key.contains(":")) ? Long.valueOf(key.substring(0, key.indexOf(':'))) : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

}
