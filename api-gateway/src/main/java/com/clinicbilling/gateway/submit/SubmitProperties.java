package com.clinicbilling.gateway.submit;

import java.time.Duration;
import java.util.Set;

import com.clinicbilling.schemas.CreateInvoiceRules;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Accepting {@code POST /v1/invoices} and storing the command in Kafka. The three Kafka time-outs
 * bound how long a submit can wait while Kafka is unreachable: the contract wants a 503 within five
 * seconds, never a hang.
 *
 * @param maxBodySize largest accepted body; larger ones are answered 413 without being read
 * @param currencies accepted lower-case ISO 4217 codes; the worker must accept the same ones
 * @param maxBlock longest a send waits for metadata or buffer space ({@code max.block.ms})
 * @param requestTimeout longest wait for one broker answer ({@code request.timeout.ms})
 * @param deliveryTimeout longest a record may take to be acknowledged, retries included
 * ({@code delivery.timeout.ms}); must exceed {@code requestTimeout}
 * @param retryAfter the {@code Retry-After} of a 503 when Kafka could not store a command or the
 * gateway shed it
 * @param maxInFlight most submissions in progress at a time (admitted and not yet answered, the
 * wait for Kafka included); beyond that a submission is answered 503 at once (shed, nothing
 * published) instead of queueing
 */
@ConfigurationProperties("invoice.gateway.submit")
record SubmitProperties(@DefaultValue("64KB") DataSize maxBodySize, Set<String> currencies,
		@DefaultValue("2s") Duration maxBlock, @DefaultValue("2s") Duration requestTimeout,
		@DefaultValue("3s") Duration deliveryTimeout, @DefaultValue("5s") Duration retryAfter,
		@DefaultValue("256") int maxInFlight) {

	SubmitProperties {
		currencies = (currencies == null || currencies.isEmpty()) ? CreateInvoiceRules.DEFAULT_CURRENCIES
				: Set.copyOf(currencies);
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("invoice.gateway.submit.max-in-flight must be at least 1");
		}
		if (deliveryTimeout.compareTo(requestTimeout) <= 0) {
			throw new IllegalArgumentException(
					"invoice.gateway.submit.delivery-timeout must exceed invoice.gateway.submit.request-timeout");
		}
	}

}
