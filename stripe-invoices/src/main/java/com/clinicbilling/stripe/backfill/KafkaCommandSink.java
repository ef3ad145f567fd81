package com.clinicbilling.stripe.backfill;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.KafkaClientSettings;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.stripe.StripeInvoiceCommands;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a page of commands and their PENDING statuses in one Kafka transaction, as the gateway
 * publishes one: a worker reading committed data never sees a command without its status.
 */
final class KafkaCommandSink implements CommandSink {

	private final AvroSerde<CreateInvoice> commands = AvroSerde.createInvoice();

	private final AvroSerde<RequestStatus> statuses = AvroSerde.requestStatus();

	private final KafkaProducer<String, byte[]> producer;

	KafkaCommandSink(KafkaClientSettings kafka) {
		Map<String, Object> config = kafka.clientConfig();
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "stripe-backfill-" + UUID.randomUUID());
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
		this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
		this.producer.initTransactions();
	}

	@Override
	public void publish(List<CreateInvoice> page) {
		if (page.isEmpty()) {
			return;
		}
		this.producer.beginTransaction();
		try {
			for (CreateInvoice command : page) {
				this.producer.send(new ProducerRecord<>(Topics.COMMANDS,
						Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()), this.commands.encode(command)));
				this.producer.send(new ProducerRecord<>(Topics.REQUEST_STATUS, command.getRequestId(),
						this.statuses.encode(StripeInvoiceCommands.pending(command))));
			}
			this.producer.commitTransaction();
		}
		catch (RuntimeException ex) {
			// The run stops here; its checkpoint still points before this page.
			try {
				this.producer.abortTransaction();
			}
			catch (RuntimeException abortFailed) {
				ex.addSuppressed(abortFailed);
			}
			throw ex;
		}
	}

	@Override
	public void close() {
		this.producer.close(Duration.ofSeconds(10));
	}

}
