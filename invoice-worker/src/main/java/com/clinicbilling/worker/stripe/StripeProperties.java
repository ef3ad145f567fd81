package com.clinicbilling.worker.stripe;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Creating OPEN invoices on Stripe ({@code invoice.worker.stripe.*}). Without an API key nothing of
 * this runs and OPEN invoices stay local.
 *
 * @param apiKey Stripe secret key ({@code STRIPE_API_KEY}); empty: Stripe is not used
 * @param apiBase Stripe's API address; another one only for a stub in tests
 * @param concurrency threads of the Stripe stage, and database connections of its own small pool
 * (on top of {@code invoice.worker.concurrency})
 * @param requestsPerSecond requests to Stripe per second at most, for this worker instance; Stripe
 * allows 100 per second in live mode and 25 in test mode across all of an account's clients
 * @param collectionMethod {@code charge_automatically} (Stripe's default) or {@code send_invoice},
 * which needs an e-mail address on the patient's Stripe customer
 * @param daysUntilDue due date of {@code send_invoice} invoices
 * @param connectTimeout longest wait to connect to Stripe
 * @param readTimeout longest wait for one answer of Stripe
 * @param retryInitialInterval first wait before a hand-off that failed transiently (Stripe 429 or
 * 5xx, network, database) is tried again
 * @param retryMaxInterval longest wait between tries; tries never stop on their own
 * @param backlogCheckInterval how often the backlog gauges ({@code invoice.stripe.backlog*}) are read
 * from the database, on the stage's own pool
 */
@ConfigurationProperties("invoice.worker.stripe")
record StripeProperties(String apiKey, @DefaultValue("https://api.stripe.com") String apiBase,
		@DefaultValue("2") int concurrency, @DefaultValue("20") double requestsPerSecond,
		@DefaultValue("charge_automatically") String collectionMethod, @DefaultValue("30") int daysUntilDue,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
		@DefaultValue("1s") Duration retryInitialInterval, @DefaultValue("30s") Duration retryMaxInterval,
		@DefaultValue("30s") Duration backlogCheckInterval) {

	StripeProperties {
		if (concurrency < 1) {
			throw new IllegalArgumentException("invoice.worker.stripe.concurrency must be at least 1, was " + concurrency);
		}
		if (!(requestsPerSecond > 0)) {
			throw new IllegalArgumentException(
					"invoice.worker.stripe.requests-per-second must be positive, was " + requestsPerSecond);
		}
		if (!collectionMethod.equals("charge_automatically") && !collectionMethod.equals("send_invoice")) {
			throw new IllegalArgumentException(
					"invoice.worker.stripe.collection-method must be charge_automatically or send_invoice, was "
							+ collectionMethod);
		}
	}

	boolean enabled() {
		return this.apiKey != null && !this.apiKey.isBlank();
	}

	@Override
	public String toString() {
		// A record prints every component; never the key.
		return "StripeProperties[apiKey=" + (enabled() ? "(set)" : "(none)") + ", apiBase=" + this.apiBase
				+ ", concurrency=" + this.concurrency + ", requestsPerSecond=" + this.requestsPerSecond + "]";
	}

}
