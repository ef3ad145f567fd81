package com.clinicbilling.gateway.submit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.Topics;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * One idempotent {@code acks=all} produce per command: no transaction, no separate PENDING record.
 * The command's source decides its lane ({@link Topics#commandTopic}).
 */
public class KafkaCommandPublisher implements CommandPublisher {

	private final KafkaTemplate<String, byte[]> template;

	private final Duration retryAfter;

	private final AvroSerde<CreateInvoice> commands = AvroSerde.createInvoice();

	public KafkaCommandPublisher(KafkaTemplate<String, byte[]> template, Duration retryAfter) {
		this.template = template;
		this.retryAfter = retryAfter;
	}

	@Override
	public CompletableFuture<Void> publish(CreateInvoice command) {
		byte[] bytes = this.commands.encode(command);
		try {
			return this.template
				.send(Topics.commandTopic(command.getSource()), Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()), bytes)
				.handle((result, failure) -> {
					if (failure != null) {
						throw ProblemException.kafkaUnavailable(this.retryAfter, unwrap(failure));
					}
					return null;
				});
		}
		catch (org.apache.kafka.common.KafkaException | org.springframework.kafka.KafkaException ex) {
			// No metadata or no buffer space within max.block.ms.
			return CompletableFuture.failedFuture(ProblemException.kafkaUnavailable(this.retryAfter, ex));
		}
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

}
