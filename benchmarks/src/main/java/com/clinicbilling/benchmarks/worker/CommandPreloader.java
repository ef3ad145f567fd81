package com.clinicbilling.benchmarks.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes a backlog of commands to {@code invoice.commands} as any producer would (key
 * {@code clinicId:idempotencyKey}, Avro single-object encoding), before the drain is timed.
 */
final class CommandPreloader implements AutoCloseable {

	private final AvroSerde<CreateInvoice> serde = AvroSerde.createInvoice();

	private final KafkaProducer<String, byte[]> producer;

	CommandPreloader(String bootstrapServers) {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10,
				ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000),
				new StringSerializer(), new ByteArraySerializer());
	}

	/** The commands of one drain; built before anything is timed (fingerprints are SHA-256). */
	static List<CreateInvoice> commands(BenchClinic clinic, String keyPrefix, int count) {
		Instant now = Instant.now();
		Instant paidAt = now.minus(Duration.ofMinutes(1));
		List<CreateInvoice> commands = new ArrayList<>(count);
		for (int n = 0; n < count; n++) {
			commands.add(InvoiceShape.command(clinic, keyPrefix, n, now, paidAt));
		}
		return commands;
	}

	/** Sends all and waits until the broker has them all (acks=all); an error fails the run. */
	void preload(List<CreateInvoice> commands) {
		AtomicReference<Exception> failure = new AtomicReference<>();
		for (CreateInvoice command : commands) {
			this.producer.send(new ProducerRecord<>(Topics.COMMANDS,
					Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()), this.serde.encode(command)),
					(metadata, ex) -> {
						if (ex != null) {
							failure.compareAndSet(null, ex);
						}
					});
		}
		this.producer.flush();
		if (failure.get() != null) {
			throw new IllegalStateException("Preloading commands failed", failure.get());
		}
	}

	@Override
	public void close() {
		this.producer.close(Duration.ofSeconds(10));
	}

}
