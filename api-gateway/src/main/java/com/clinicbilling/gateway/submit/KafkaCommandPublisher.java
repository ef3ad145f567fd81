package com.clinicbilling.gateway.submit;

import java.time.Duration;

import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes the command and its PENDING status in one Kafka transaction: either both become visible
 * or neither does, so there is never a command without a status nor a PENDING without a command.
 * Committing waits for every record's acknowledgement (acks=all).
 */
public class KafkaCommandPublisher implements CommandPublisher {

	private final KafkaTemplate<String, byte[]> template;

	private final Duration retryAfter;

	private final AvroSerde<CreateInvoice> commands = AvroSerde.createInvoice();

	private final AvroSerde<RequestStatus> statuses = AvroSerde.requestStatus();

	public KafkaCommandPublisher(KafkaTemplate<String, byte[]> template, Duration retryAfter) {
		this.template = template;
		this.retryAfter = retryAfter;
	}

	@Override
	public void publish(CreateInvoice command, RequestStatus pending) {
		byte[] commandBytes = this.commands.encode(command);
		byte[] statusBytes = this.statuses.encode(pending);
		try {
			this.template.executeInTransaction((operations) -> {
				operations.send(Topics.COMMANDS, Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()),
						commandBytes);
				operations.send(Topics.REQUEST_STATUS, pending.getRequestId(), statusBytes);
				return null;
			});
		}
		catch (org.apache.kafka.common.KafkaException | org.springframework.kafka.KafkaException ex) {
			// Also when the commit timed out and may have succeeded after all: the client retries with
			// the same key, which yields the same request id, and the worker makes one invoice of it.
			throw ProblemException.kafkaUnavailable(this.retryAfter, ex);
		}
	}

}
