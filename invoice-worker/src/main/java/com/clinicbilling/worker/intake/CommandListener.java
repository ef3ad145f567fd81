package com.clinicbilling.worker.intake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.worker.system.KafkaSends;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * One poll, one transaction: decodes the batch, has it decided and recorded (split into smaller
 * transactions only when the database refuses a command, {@link BatchSplitter}), then publishes the
 * statuses. Offsets are committed after this returns, so a crash anywhere redelivers the batch,
 * and the processor's idempotency turns the redelivery into the same statuses again.
 */
@Component
class CommandListener {

	private static final Logger logger = LoggerFactory.getLogger(CommandListener.class);

	private static final String TRACEPARENT = "traceparent";

	private final AvroSerde<CreateInvoice> commands = AvroSerde.createInvoice();

	private final AvroSerde<RequestStatus> statuses = AvroSerde.requestStatus();

	private final BatchSplitter processor;

	private final StuckRetries stuckRetries;

	private final KafkaTemplate<String, byte[]> kafka;

	private final IntakeMetrics metrics;

	CommandListener(BatchSplitter processor, StuckRetries stuckRetries,
			KafkaTemplate<String, byte[]> workerKafkaTemplate, IntakeMetrics metrics) {
		this.processor = processor;
		this.stuckRetries = stuckRetries;
		this.kafka = workerKafkaTemplate;
		this.metrics = metrics;
	}

	@KafkaListener(id = IntakeConfiguration.GROUP_ID, topics = { Topics.COMMANDS, Topics.COMMANDS_BULK },
			containerFactory = "commandContainerFactory")
	void onCommands(List<ConsumerRecord<String, byte[]>> records) {
		List<CreateInvoice> batch = new ArrayList<>(records.size());
		RuntimeException poison = null;
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				batch.add(decode(record));
			}
			catch (RuntimeException ex) {
				poison = ex;
				break;
			}
		}
		// Everything before the first poison record is processed; the error handler then commits up
		// to it, dead-letters it and redelivers the rest.
		BatchSplitter.Processed processed;
		try {
			processed = this.metrics.transaction().record(() -> this.processor.process(batch));
			publish(processed.statuses());
		}
		catch (RuntimeException ex) {
			// Retried with back-off by the error handler; logged there too, this is for health.
			this.metrics.batchFailed(ex);
			this.stuckRetries.failed(batch, ex);
			throw ex;
		}
		this.stuckRetries.succeeded();
		this.metrics.committed(processed.statuses());
		if (logger.isDebugEnabled()) {
			logOutcomes(records, batch, processed.statuses());
		}
		logger.debug("Processed batch of {} commands", batch.size());
		if (processed.unanswerable() >= 0) {
			// Stopped before it: the error handler commits up to it, dead-letters it, redelivers the rest.
			throw new BatchListenerFailedException(processed.refusal().getMessage(), processed.refusal(),
					processed.unanswerable());
		}
		if (poison != null) {
			logger.warn("Undecodable command at offset {} of {}-{}: {}", records.get(batch.size()).offset(),
					records.get(batch.size()).topic(), records.get(batch.size()).partition(), poison.getMessage());
			throw new BatchListenerFailedException(poison.getMessage(), poison, batch.size());
		}
	}

	private static void logOutcomes(List<ConsumerRecord<String, byte[]>> records, List<CreateInvoice> batch,
			List<RequestStatus> results) {
		// By request id, not position: statuses held for the Stripe stage are not among the results.
		Map<String, ConsumerRecord<String, byte[]>> recordOf = new HashMap<>();
		for (int i = 0; i < batch.size(); i++) {
			recordOf.putIfAbsent(batch.get(i).getRequestId(), records.get(i));
		}
		results.forEach((status) -> logOutcome(recordOf.get(status.getRequestId()), status));
	}

	/**
	 * One line per request, under the trace of the HTTP request that made it: the gateway puts
	 * the W3C {@code traceparent} in the record's headers, and batch listeners get no observation
	 * of their own, so the trace id is put in the log context here.
	 */
	private static void logOutcome(ConsumerRecord<String, byte[]> record, RequestStatus status) {
		Header traceparent = record.headers().lastHeader(TRACEPARENT);
		String[] parts = (traceparent != null) ? new String(traceparent.value(), StandardCharsets.US_ASCII).split("-")
				: new String[0];
		if (parts.length == 4) {
			MDC.put("traceId", parts[1]);
			MDC.put("spanId", parts[2]);
		}
		try {
			logger.debug("requestId={} state={} invoiceId={}", status.getRequestId(), status.getState(),
					(status.getInvoice() != null) ? status.getInvoice().getId() : null);
		}
		finally {
			MDC.remove("traceId");
			MDC.remove("spanId");
		}
	}

	private CreateInvoice decode(ConsumerRecord<String, byte[]> record) {
		if (record.value() == null) {
			throw new PoisonCommandException("Empty command (null value)");
		}
		CreateInvoice command = this.commands.decode(record.value());
		if (command.getRequestId().isBlank()) {
			throw new PoisonCommandException("Command without a requestId cannot be answered");
		}
		return command;
	}

	private void publish(List<RequestStatus> results) {
		// Offsets must not be committed before every status is stored: a failure here retries the
		// batch, whose recorded outcomes are then published again.
		KafkaSends.awaitAll(results.stream()
			.map((status) -> this.kafka.send(Topics.REQUEST_STATUS, status.getRequestId(), this.statuses.encode(status)))
			.toList(), "Publishing " + results.size() + " statuses failed");
	}

}
