package com.clinicbilling.gateway.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import com.clinicbilling.gateway.system.ProblemException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StripeWebhookControllerTest {

	@Test
	void storesNothingAndAsksStripeToRetryWhileNoSecretIsConfigured() {
		StripeWebhookController controller = new StripeWebhookController(
				new StripeWebhookProperties("", Duration.ofSeconds(300), Set.of()), null, Clock.systemUTC());
		String payload = StripeEvents.event("invoice.paid", "2026-07-29.dahlia", "{}");

		assertThatThrownBy(() -> controller.onStripeEvent(StripeEvents.signature(payload, 1), payload))
			.isInstanceOfSatisfying(ProblemException.class, (problem) -> {
				assertThat(problem.getStatusCode().value()).isEqualTo(503);
				assertThat(problem.getBody().getType().toString()).endsWith("/stripe-webhook-not-configured");
			});
	}

	@Test
	void neverPrintsTheSecret() {
		assertThat(new StripeWebhookProperties("whsec_secret", Duration.ofSeconds(300), null).toString())
			.doesNotContain("whsec_secret");
	}

}
