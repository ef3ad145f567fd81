package com.clinicbilling.gateway.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class StripeWebhookControllerTest {

	@Test
	void storesNothingAndAsksStripeToRetryWhileNoSecretIsConfigured() {
		StripeWebhookController controller = new StripeWebhookController(
				new StripeWebhookProperties("", Duration.ofSeconds(300), Set.of()), null, Clock.systemUTC());
		String payload = StripeEvents.event("invoice.paid", "2026-07-29.dahlia", "{}");

		ResponseEntity<Object> response = controller.onStripeEvent(StripeEvents.signature(payload, 1), payload);

		assertThat(response.getStatusCode().value()).isEqualTo(503);
		assertThat(((ProblemDetail) response.getBody()).getType().toString()).endsWith("/stripe-webhook-not-configured");
	}

	@Test
	void neverPrintsTheSecret() {
		assertThat(new StripeWebhookProperties("whsec_secret", Duration.ofSeconds(300), null).toString())
			.doesNotContain("whsec_secret");
	}

}
