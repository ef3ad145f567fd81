package com.clinicbilling.benchmarks.gateway;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes request statuses to {@code invoice.request-status} as the worker does (acks=all, no
 * batching delay). The benchmark's requests exist only there: the worker never sees a command for
 * them, so nothing but this publisher finishes them, at a moment the benchmark chooses.
 */
final class StatusPublisher implements AutoCloseable {

	static final long CLINIC = 1;

	private final KafkaProducer<String, byte[]> producer;

	private final AvroSerde<RequestStatus> serde = AvroSerde.requestStatus();

	StatusPublisher(String bootstrap) {
		this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
				ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(),
				new ByteArraySerializer());
	}

	/** Publishes {@code count} PENDING requests of clinic 1 and waits until Kafka has them all. */
	List<RequestStatus> pending(int count, String label) {
		List<RequestStatus> statuses = new ArrayList<>(count);
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		for (int i = 0; i < count; i++) {
			String requestId = UUID.randomUUID().toString();
			statuses.add(RequestStatus.newBuilder()
				.setRequestId(requestId)
				.setClinicId(CLINIC)
				.setIdempotencyKey("bench-" + label + "-" + requestId)
				.setBodyFingerprint("bench")
				.setState(RequestState.PENDING)
				.setAcceptedAt(now)
				.build());
			publish(statuses.get(i));
		}
		this.producer.flush();
		return statuses;
	}

	/** The final status the worker would publish for a created invoice. */
	static RequestStatus created(RequestStatus pending) {
		return RequestStatus.newBuilder(pending)
			.setState(RequestState.CREATED)
			.setCompletedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
			.setInvoice(new InvoiceSummary(1L, InvoiceStatus.OPEN, 4_900L, 4_900L, 0L, "usd", null))
			.build();
	}

	/** Hands the record to the producer; the send itself is asynchronous, as the worker's is. */
	void publish(RequestStatus status) {
		this.producer.send(new ProducerRecord<>(Topics.REQUEST_STATUS, status.getRequestId(), this.serde.encode(status)));
	}

	void flush() {
		this.producer.flush();
	}

	@Override
	public void close() {
		this.producer.close();
	}

}
