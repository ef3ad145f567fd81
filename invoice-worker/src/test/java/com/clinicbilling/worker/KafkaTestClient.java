package com.clinicbilling.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

/**
 * What a test sees of the worker from outside: it writes commands (or any bytes) to
 * {@code invoice.commands} (or the bulk lane) and reads what appears on the status and both lanes'
 * dead-letter topics.
 */
public final class KafkaTestClient implements AutoCloseable {

	private final AvroSerde<CreateInvoice> commands = AvroSerde.createInvoice();

	private final AvroSerde<RequestStatus> statuses = AvroSerde.requestStatus();

	private final KafkaProducer<String, byte[]> producer;

	private final Map<String, RequestStatus> latest = new ConcurrentHashMap<>();

	private final Map<String, List<ConsumerRecord<String, byte[]>>> deadLetters = new ConcurrentHashMap<>();

	private final Thread reader;

	private volatile boolean running = true;

	public KafkaTestClient(String bootstrapServers) {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
		KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG,
				"test-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
				new StringDeserializer(), new ByteArrayDeserializer());
		consumer.subscribe(List.of(Topics.REQUEST_STATUS, Topics.COMMANDS_DEAD_LETTER, Topics.COMMANDS_BULK_DEAD_LETTER));
		this.reader = new Thread(() -> {
			try (consumer) {
				while (this.running) {
					for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
						if (record.topic().equals(Topics.REQUEST_STATUS)) {
							RequestStatus status = this.statuses.decode(record.value());
							this.latest.put(status.getRequestId(), status);
						}
						else {
							this.deadLetters.computeIfAbsent(record.key(), (k) -> new java.util.concurrent.CopyOnWriteArrayList<>())
								.add(record);
						}
					}
				}
			}
		}, "kafka-test-client");
		this.reader.start();
	}

	public void send(CreateInvoice command) {
		sendRaw(Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()), this.commands.encode(command));
	}

	/** Sends many commands without waiting for each, then waits until the broker has them all. */
	public void sendAll(List<CreateInvoice> commands) {
		for (CreateInvoice command : commands) {
			this.producer.send(new ProducerRecord<>(Topics.COMMANDS,
					Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()), this.commands.encode(command)));
		}
		this.producer.flush();
	}

	/** Sends many commands to a lane's topic without waiting for each, then waits until the broker has them. */
	public void sendAllToLane(String topic, List<CreateInvoice> commands) {
		for (CreateInvoice command : commands) {
			this.producer.send(new ProducerRecord<>(topic,
					Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()), this.commands.encode(command)));
		}
		this.producer.flush();
	}

	public void sendRawToLane(String topic, String key, byte[] value) {
		send(new ProducerRecord<>(topic, key, value));
	}

	/** Sends commands to one partition, in order, then waits until the broker has them all. */
	public void sendAllTo(int partition, List<CreateInvoice> commands) {
		for (CreateInvoice command : commands) {
			this.producer.send(new ProducerRecord<>(Topics.COMMANDS, partition,
					Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()), this.commands.encode(command)));
		}
		this.producer.flush();
	}

	/** As the gateway sends it: with the W3C trace context of the HTTP request in the headers. */
	public void send(CreateInvoice command, String traceparent) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.COMMANDS,
				Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()), this.commands.encode(command));
		record.headers().add("traceparent", traceparent.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		send(record);
	}

	public void sendRaw(String key, byte[] value) {
		send(new ProducerRecord<>(Topics.COMMANDS, key, value));
	}

	private void send(ProducerRecord<String, byte[]> record) {
		try {
			this.producer.send(record).get(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException | ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Could not send to " + Topics.COMMANDS, ex);
		}
	}

	/** Sends the command and waits for its final status; fails the test after the timeout. */
	public RequestStatus sendAndAwaitFinal(CreateInvoice command, Duration timeout) {
		send(command);
		return awaitFinal(command.getRequestId(), timeout);
	}

	/** The final status of a request, waiting for it; fails the test after the timeout. */
	public RequestStatus awaitFinal(String requestId, Duration timeout) {
		return Awaitility.await("final status of " + requestId)
			.atMost(timeout)
			.until(() -> this.latest.get(requestId), (s) -> s != null && s.getState() != RequestState.PENDING);
	}

	public RequestStatus latest(String requestId) {
		return this.latest.get(requestId);
	}

	/** How many of the given requests have a final status. */
	public long finalCount(java.util.Collection<String> requestIds) {
		return requestIds.stream().map(this.latest::get).filter((s) -> s != null && s.getState() != RequestState.PENDING).count();
	}

	public int deadLetterCount() {
		return this.deadLetters.values().stream().mapToInt(List::size).sum();
	}

	public List<ConsumerRecord<String, byte[]>> deadLetters(String key) {
		return this.deadLetters.getOrDefault(key, List.of());
	}

	@Override
	public void close() throws InterruptedException {
		this.running = false;
		this.reader.join(5_000);
		this.producer.close();
	}

}
