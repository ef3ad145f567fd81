package com.clinicbilling.gateway.webhook;

import java.time.Clock;

import com.clinicbilling.gateway.submit.CommandIntake;
import com.clinicbilling.gateway.submit.CommandPublisher;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.stripe.StripeInvoiceCommands;
import com.clinicbilling.stripe.StripeInvoiceCommands.Mapped;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.stripe.model.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Turns a verified Stripe event into a stored command: {@code invoice.paid} becomes a CreateInvoice
 * with source STRIPE_WEBHOOK (the mapping the backfill tool shares), taken in by the
 * {@link CommandIntake} like every other command; any other event, or an invoice the mapping cannot own, is ignored
 * with the reason.
 *
 * <p>The invoice is read from the event's raw JSON: an account sends events in its own API version,
 * for which stripe-java's typed object is empty ({@code getObject()}) or may miss renamed fields
 * ({@code deserializeUnsafe()}).
 */
@Service
class PaidInvoiceEvents {

	static final String INVOICE_PAID = "invoice.paid";

	private static final Logger logger = LoggerFactory.getLogger(PaidInvoiceEvents.class);

	private final StripeInvoiceCommands mapping;

	private final CommandIntake intake;

	private final Clock clock;

	PaidInvoiceEvents(StripeWebhookProperties properties, CommandIntake intake, Clock clock) {
		this.mapping = new StripeInvoiceCommands(properties.clinics());
		this.intake = intake;
		this.clock = clock;
	}

	/** What became of an event: the request it made, or why it made none. */
	record Handled(String requestId, String ignored) {
	}

	/** @param payload the event as Stripe signed it */
	Handled handle(Event event, String payload) {
		if (!INVOICE_PAID.equals(event.getType())) {
			logger.debug("Ignoring Stripe event {} of type {}", event.getId(), event.getType());
			return new Handled(null, "event type " + event.getType() + " is not handled");
		}
		JsonElement invoice = invoice(payload);
		if (invoice == null || !invoice.isJsonObject()) {
			return new Handled(null, "event " + event.getId() + " carries no invoice");
		}
		Mapped mapped = this.mapping.map(invoice.getAsJsonObject(), CommandSource.STRIPE_WEBHOOK, this.clock.instant());
		if (mapped.ignored()) {
			logger.info("Ignoring Stripe event {} (api_version {}): {}", event.getId(), event.getApiVersion(),
					mapped.ignoredReason());
			return new Handled(null, mapped.ignoredReason());
		}
		CreateInvoice command = mapped.command();
		// Stripe delivers an event at least once: a repeat is answered from the store. Stripe is
		// answered 200 only once the command is stored, so this waits for Kafka.
		CommandPublisher.await(this.intake.accept(command));
		logger.debug("Stripe event {} stored as requestId={} clinicId={}", event.getId(), command.getRequestId(),
				command.getClinicId());
		return new Handled(command.getRequestId(), null);
	}

	/** {@code data.object} of the event, as sent: in the event's API version, whatever it is. */
	private static JsonElement invoice(String payload) {
		JsonElement data = JsonParser.parseString(payload).getAsJsonObject().get("data");
		return (data != null && data.isJsonObject()) ? data.getAsJsonObject().get("object") : null;
	}

}
