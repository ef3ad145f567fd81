package com.clinicbilling.gateway.webhook;

import java.time.Clock;
import java.util.Map;

import com.clinicbilling.gateway.system.ProblemException;
import com.google.gson.JsonParseException;
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
 */
@RestController
@EnableConfigurationProperties(StripeWebhookProperties.class)
class StripeWebhookController {

	static final String SIGNATURE = "Stripe-Signature";

	private static final Logger logger = LoggerFactory.getLogger(StripeWebhookController.class);

	private final StripeWebhookProperties properties;

	private final PaidInvoiceEvents events;

	private final Clock clock;

	StripeWebhookController(StripeWebhookProperties properties, PaidInvoiceEvents events, Clock clock) {
		this.properties = properties;
		this.events = events;
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
		PaidInvoiceEvents.Handled handled = this.events.handle(event, body);
		return ResponseEntity.ok((handled.requestId() != null) ? Map.of("requestId", handled.requestId())
				: Map.of("ignored", handled.ignored()));
	}

}
