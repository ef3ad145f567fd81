package com.clinicbilling.gateway.submit;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

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
 * @param transactionIdPrefix prefix of the producer's transactional ids; must differ between
 * instances, so the default ends in a random UUID
 * @param maxBlock longest a send or a commit waits for metadata or buffer space ({@code max.block.ms})
 * @param requestTimeout longest wait for one broker answer ({@code request.timeout.ms})
 * @param deliveryTimeout longest a record may take to be acknowledged, retries included
 * ({@code delivery.timeout.ms}); must exceed {@code requestTimeout}
 * @param transactionTimeout after this the broker aborts a transaction left open by a crashed
 * gateway; until then consumers reading committed data wait behind it
 * @param retryAfter the {@code Retry-After} of a 503 when Kafka could not store a command
 */
@ConfigurationProperties("invoice.gateway.submit")
record SubmitProperties(@DefaultValue("64KB") DataSize maxBodySize, Set<String> currencies,
		String transactionIdPrefix, @DefaultValue("2s") Duration maxBlock, @DefaultValue("2s") Duration requestTimeout,
		@DefaultValue("3s") Duration deliveryTimeout, @DefaultValue("10s") Duration transactionTimeout,
		@DefaultValue("5s") Duration retryAfter) {

	SubmitProperties {
		currencies = (currencies == null || currencies.isEmpty()) ? CreateInvoiceRules.DEFAULT_CURRENCIES
				: Set.copyOf(currencies);
		transactionIdPrefix = (transactionIdPrefix == null || transactionIdPrefix.isBlank())
				? "gateway-" + UUID.randomUUID() + "-" : transactionIdPrefix;
		if (deliveryTimeout.compareTo(requestTimeout) <= 0) {
			throw new IllegalArgumentException(
					"invoice.gateway.submit.delivery-timeout must exceed invoice.gateway.submit.request-timeout");
		}
	}

}
