package com.clinicbilling.stripe.backfill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.KafkaClientSettings;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a page of commands, each one idempotent {@code acks=all} record, as the gateway publishes
 * one: a command in its lane ({@code invoice.commands.bulk} for a backfill) is its request's PENDING
 * status, nothing else is written.
 * Paced by {@code --rate} and by the bulk lane's backlog ({@link LaneLag}). A page is done when every record of it is acknowledged; a failed page stops the run before its
 * checkpoint, and a re-run publishes it again, which the worker answers with the same invoices.
 */
final class KafkaCommandSink implements CommandSink {

	private final AvroSerde<CreateInvoice> commands = AvroSerde.createInvoice();

	private final KafkaProducer<String, byte[]> producer;

	private final LaneLag laneLag;

	/**
	 * @param maxLag the most commands that may wait in the bulk lane before a page is published;
	 * 0 for no ceiling
	 * @param workerGroup the workers' consumer group, whose committed offsets say what still waits
	 */
	KafkaCommandSink(KafkaClientSettings kafka, long maxLag, String workerGroup) {
		this.laneLag = (maxLag > 0)
				? new LaneLag(kafka.clientConfig(), Topics.COMMANDS_BULK, workerGroup, maxLag, Duration.ofMillis(500))
				: null;
		Map<String, Object> config = kafka.clientConfig();
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
		this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
	}

	@Override
	public void publish(List<CreateInvoice> page) {
		if (this.laneLag != null) {
			try {
				this.laneLag.awaitRoom();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new KafkaException("Interrupted while waiting for room in the bulk lane", ex);
			}
		}
		List<Future<RecordMetadata>> sends = new ArrayList<>(page.size());
		for (CreateInvoice command : page) {
			sends.add(this.producer.send(new ProducerRecord<>(Topics.commandTopic(command.getSource()),
					Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()), this.commands.encode(command))));
		}
		try {
			for (Future<RecordMetadata> send : sends) {
				send.get();
			}
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : new KafkaException(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KafkaException("Interrupted while publishing a page", ex);
		}
	}

	@Override
	public void close() {
		this.producer.close(Duration.ofSeconds(10));
		if (this.laneLag != null) {
			this.laneLag.close();
		}
	}

}
