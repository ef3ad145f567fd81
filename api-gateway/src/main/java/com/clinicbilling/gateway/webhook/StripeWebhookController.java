package com.clinicbilling.gateway.webhook;

import java.time.Clock;
import java.util.Map;

import com.clinicbilling.gateway.submit.CommandIntake;
import com.clinicbilling.gateway.submit.CommandPublisher;
import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.stripe.StripeInvoiceCommands;
import com.clinicbilling.stripe.StripeInvoiceCommands.Mapped;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/webhooks/stripe}: no JWT (the security configuration lets it through); Stripe's
 * signature over the raw body is the authentication. A missing, forged or stale signature (older than
 * the tolerance, 300 s) is answered 400 and publishes nothing. A verified event is answered 200 once
 * its command is stored in Kafka ({@code {"requestId": ...}}) or with the reason it was ignored
 * ({@code {"ignored": ...}}); Kafka unreachable is a 503, which Stripe retries.
 *
 * <p>{@code invoice.paid} becomes a CreateInvoice with source STRIPE_WEBHOOK (the mapping the backfill
 * tool shares), taken in by the {@link CommandIntake} like every other command; any other event, or an
 * invoice the mapping cannot own, is ignored with the reason. The invoice is read from the event's raw
 * JSON: an account sends events in its own API version, for which stripe-java's typed object is empty
 * ({@code getObject()}) or may miss renamed fields ({@code deserializeUnsafe()}).
 */
@RestController
@EnableConfigurationProperties(StripeWebhookProperties.class)
class StripeWebhookController {

	static final String SIGNATURE = "Stripe-Signature";

	static final String INVOICE_PAID = "invoice.paid";

	private static final Logger logger = LoggerFactory.getLogger(StripeWebhookController.class);

	private final StripeWebhookProperties properties;

	private final StripeInvoiceCommands mapping;

	private final CommandIntake intake;

	private final Clock clock;

	StripeWebhookController(StripeWebhookProperties properties, CommandIntake intake, Clock clock) {
		this.properties = properties;
		this.mapping = new StripeInvoiceCommands(properties.clinics());
		this.intake = intake;
		this.clock = clock;
	}

	@PostMapping("/v1/webhooks/stripe")
	ResponseEntity<Object> onStripeEvent(@RequestHeader(name = SIGNATURE, required = false) String signature,
			@RequestBody(required = false) String payload) {
		if (!this.properties.configured()) {
			logger.warn("Stripe webhook received, but STRIPE_WEBHOOK_SECRET is not set");
			throw ProblemException.webhookNotConfigured();
		}
		if (signature == null || signature.isBlank()) {
			throw ProblemException.invalidStripeSignature("The " + SIGNATURE + " header is missing");
		}
		String body = (payload != null) ? payload : "";
		Event event;
		try {
			event = Webhook.constructEvent(body, signature, this.properties.secret(),
					this.properties.tolerance().toSeconds(), this.clock);
		}
		catch (SignatureVerificationException ex) {
			logger.warn("Stripe webhook with a bad signature: {}", ex.getMessage());
			throw ProblemException.invalidStripeSignature("The " + SIGNATURE
					+ " header does not match the body, or is older than " + this.properties.tolerance().toSeconds() + " s");
		}
		catch (JsonParseException | IllegalArgumentException | IllegalStateException ex) {
			throw ProblemException.malformedStripeEvent();
		}
		return ResponseEntity.ok(handle(event, body));
	}

	/**
	 * What became of a verified event: the request it made, or why it made none.
	 * @param payload the event as Stripe signed it
	 */
	private Map<String, String> handle(Event event, String payload) {
		if (!INVOICE_PAID.equals(event.getType())) {
			logger.debug("Ignoring Stripe event {} of type {}", event.getId(), event.getType());
			return Map.of("ignored", "event type " + event.getType() + " is not handled");
		}
		JsonElement invoice = invoice(payload);
		if (invoice == null || !invoice.isJsonObject()) {
			return Map.of("ignored", "event " + event.getId() + " carries no invoice");
		}
		Mapped mapped = this.mapping.map(invoice.getAsJsonObject(), CommandSource.STRIPE_WEBHOOK, this.clock.instant());
		if (mapped.ignored()) {
			logger.info("Ignoring Stripe event {} (api_version {}): {}", event.getId(), event.getApiVersion(),
					mapped.ignoredReason());
			return Map.of("ignored", mapped.ignoredReason());
		}
		CreateInvoice command = mapped.command();
		// Stripe delivers an event at least once: a repeat is answered from the store. Stripe is
		// answered 200 only once the command is stored, so this waits for Kafka.
		CommandPublisher.await(this.intake.accept(command));
		logger.debug("Stripe event {} stored as requestId={} clinicId={}", event.getId(), command.getRequestId(),
				command.getClinicId());
		return Map.of("requestId", command.getRequestId());
	}

	/** {@code data.object} of the event, as sent: in the event's API version, whatever it is. */
	private static JsonElement invoice(String payload) {
		JsonElement data = JsonParser.parseString(payload).getAsJsonObject().get("data");
		return (data != null && data.isJsonObject()) ? data.getAsJsonObject().get("object") : null;
	}

}
