package com.clinicbilling.worker.stripe;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.annotation.KafkaListener;

/**
 * The Stripe stage's consumer: one hand-off at a time per thread, on threads of its own, so commands
 * that need no Stripe call never wait for Stripe. Its offset is committed once the invoice's final
 * status is published; anything that fails before is delivered again and resumes from its phase.
 */
class StripeSyncListener {

	static final String GROUP_ID = "invoice-worker-stripe";

	private static final Logger logger = LoggerFactory.getLogger(StripeSyncListener.class);

	private final AvroSerde<RequestStatus> statuses = AvroSerde.requestStatus();

	private final StripeInvoiceSync sync;

	StripeSyncListener(StripeInvoiceSync sync) {
		this.sync = sync;
	}

	@KafkaListener(id = GROUP_ID, topics = Topics.STRIPE_SYNC, containerFactory = "stripeSyncContainerFactory")
	void onInvoicePendingOnStripe(ConsumerRecord<String, byte[]> record) throws InterruptedException {
		RequestStatus handedOff = this.statuses.decode(record.value());
		if (handedOff.getInvoice() == null) {
			// Never written so; retrying it could only block the invoices behind it.
			logger.error("Hand-off without an invoice at offset {} of {}-{} skipped", record.offset(), record.topic(),
					record.partition());
			return;
		}
		logger.debug("Creating invoiceId={} of requestId={} on Stripe", record.key(), handedOff.getRequestId());
		try {
			this.sync.sync(handedOff);
		}
		catch (StripeUnavailableException ex) {
			logger.warn("invoiceId={} not on Stripe yet, tried again after a back-off: {} ({})", record.key(),
					ex.getMessage(), (ex.getCause() != null) ? ex.getCause().getMessage() : "");
			throw ex;
		}
	}

}
