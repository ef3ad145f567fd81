package com.clinicbilling.gateway.webhook;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Stripe's webhook ({@code invoice.gateway.webhook.*}).
 *
 * @param secret the endpoint's signing secret, the whole {@code whsec_...} string
 * ({@code STRIPE_WEBHOOK_SECRET}); unset, every webhook is answered 503
 * @param tolerance how old a signature's timestamp may be; older ones are replays and answered 400
 * @param clinics the clinics served here, when the operator lists them: an invoice of another
 * clinic is ignored. The gateway has no database to know clinics by; left empty, an unknown
 * clinic's invoice is published and the worker rejects it ({@code patient_not_found})
 */
@ConfigurationProperties("invoice.gateway.webhook")
record StripeWebhookProperties(String secret, @DefaultValue("300s") Duration tolerance, Set<Long> clinics) {

	StripeWebhookProperties {
		clinics = (clinics != null) ? Set.copyOf(clinics) : Set.of();
	}

	boolean configured() {
		return this.secret != null && !this.secret.isBlank();
	}

	@Override
	public String toString() {
		// A record prints every component; never the secret.
		return "StripeWebhookProperties[secret=" + (configured() ? "(set)" : "(none)") + ", tolerance="
				+ this.tolerance + ", clinics=" + this.clinics + "]";
	}

}
