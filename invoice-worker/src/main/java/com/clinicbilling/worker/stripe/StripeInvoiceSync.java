package com.clinicbilling.worker.stripe;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.worker.stripe.StripeBoundInvoice.Phase;
import com.clinicbilling.worker.stripe.StripeInvoiceStore.RequestKey;
import com.stripe.exception.StripeException;
import com.stripe.model.Invoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * Creates one invoice that is pending on Stripe there, in atomic phases (docs/architecture.md), with no
 * connection and no transaction held while Stripe answers:
 * <ol>
 * <li>(in the command batch's transaction) the invoice was recorded PENDING;</li>
 * <li>the patient's customer, found or created and stored;</li>
 * <li>Stripe's draft invoice, its id stored at once (DRAFT): from here on a resumed run retrieves
 * that draft and never creates another;</li>
 * <li>the lines (one request) and the finalization;</li>
 * <li>a short transaction stores the Stripe id (CREATED), then the status CREATED is published.</li>
 * </ol>
 * Any step may be interrupted (a crash, Stripe or the database unavailable: every failure but a
 * refusal by Stripe is retried with back-off); the hand-off is then delivered again and this resumes
 * from the recorded phase. A refusal by Stripe ends it as REJECTED with Stripe's code.
 */
class StripeInvoiceSync {

	private static final Logger logger = LoggerFactory.getLogger(StripeInvoiceSync.class);

	private static final long PUBLISH_TIMEOUT_SECONDS = 30;

	private final AvroSerde<RequestStatus> statuses = AvroSerde.requestStatus();

	private final StripeInvoiceStore store;

	private final StripeCalls stripe;

	private final KafkaTemplate<String, byte[]> kafka;

	private final Clock clock;

	StripeInvoiceSync(StripeInvoiceStore store, StripeCalls stripe, KafkaTemplate<String, byte[]> kafka, Clock clock) {
		this.store = store;
		this.stripe = stripe;
		this.kafka = kafka;
		this.clock = clock;
	}

	/** @param handedOff the CREATED status the invoice's request gets once the invoice is on Stripe */
	void sync(RequestStatus handedOff) throws InterruptedException {
		long invoiceId = handedOff.getInvoice().getId();
		StripeBoundInvoice invoice = this.store.load(invoiceId).orElse(null);
		if (invoice == null) {
			logger.warn("Invoice invoiceId={} of requestId={} is not pending on Stripe; hand-off skipped", invoiceId,
					handedOff.getRequestId());
			return;
		}
		switch (invoice.phase()) {
			case CREATED -> publish(created(handedOff, invoice.stripeInvoiceId(), invoice.paid(), invoice.phaseAt()));
			case REJECTED -> publish(rejected(handedOff, invoice.errorCode(), invoice.errorMessage(), invoice.phaseAt()));
			case PENDING, DRAFT -> create(handedOff, invoice);
		}
	}

	private void create(RequestStatus handedOff, StripeBoundInvoice invoice) throws InterruptedException {
		RequestKey request = new RequestKey(handedOff.getClinicId(), handedOff.getIdempotencyKey());
		try {
			String stripeInvoiceId = createOnStripe(invoice);
			Instant now = this.clock.instant();
			boolean paid = this.store.recordCreated(request, invoice.id(), stripeInvoiceId, now);
			logger.debug("Invoice invoiceId={} is Stripe invoice {}", invoice.id(), stripeInvoiceId);
			publish(created(handedOff, stripeInvoiceId, paid, now));
		}
		catch (StripeException ex) {
			StripeFailure failure = StripeFailure.of(ex);
			if (failure.isTransient()) {
				throw new StripeUnavailableException("Stripe did not take invoice " + invoice.id() + " now ("
						+ failure.code() + "); it is tried again", ex);
			}
			Instant now = this.clock.instant();
			this.store.recordRejected(request, invoice.id(), failure, now);
			logger.warn("Stripe refused invoiceId={} of requestId={}: {} {}", invoice.id(), handedOff.getRequestId(),
					failure.code(), failure.message());
			publish(rejected(handedOff, failure.code(), failure.message(), now));
		}
	}

	/** Steps 2 to 4, from wherever an earlier run stopped; answers Stripe's invoice id. */
	private String createOnStripe(StripeBoundInvoice invoice) throws StripeException, InterruptedException {
		if (invoice.phase() == Phase.DRAFT) {
			Invoice draft = this.stripe.retrieve(invoice.stripeInvoiceId());
			if ("draft".equals(draft.getStatus())) {
				if (draft.getLines() == null || draft.getLines().getData() == null
						|| draft.getLines().getData().isEmpty()) {
					this.stripe.addLines(invoice, draft.getId());
				}
				this.stripe.finalizeInvoice(invoice, draft.getId());
			}
			return draft.getId();
		}
		String customerId = invoice.customerId();
		if (customerId == null) {
			customerId = this.stripe.createCustomer(invoice).getId();
			this.store.saveCustomer(invoice, customerId, this.clock.instant());
		}
		String draftId = this.stripe.createDraft(invoice, customerId).getId();
		this.store.recordDraft(invoice.id(), draftId, this.clock.instant());
		this.stripe.addLines(invoice, draftId);
		this.stripe.finalizeInvoice(invoice, draftId);
		return draftId;
	}

	/** @param paid paid by its Stripe invoice already, as {@code StripePayments} pays it: in full */
	private static RequestStatus created(RequestStatus handedOff, String stripeInvoiceId, boolean paid, Instant at) {
		InvoiceSummary.Builder invoice = InvoiceSummary.newBuilder(handedOff.getInvoice())
			.setStripeInvoiceId(stripeInvoiceId);
		if (paid) {
			invoice.setStatus(InvoiceStatus.PAID).setAmountPaid(invoice.getAmount()).setAmountDue(0);
		}
		return RequestStatus.newBuilder(handedOff).setInvoice(invoice.build()).setCompletedAt(at).build();
	}

	private static RequestStatus rejected(RequestStatus handedOff, String code, String message, Instant at) {
		return RequestStatus.newBuilder(handedOff)
			.setState(RequestState.REJECTED)
			.setErrorCode(code)
			.setErrorMessage(message)
			.setCompletedAt(at)
			.build();
	}

	private void publish(RequestStatus status) throws InterruptedException {
		try {
			this.kafka.send(Topics.REQUEST_STATUS, status.getRequestId(), this.statuses.encode(status))
				.get(PUBLISH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new StripeUnavailableException("Publishing the status of " + status.getRequestId() + " failed", ex);
		}
	}

}
