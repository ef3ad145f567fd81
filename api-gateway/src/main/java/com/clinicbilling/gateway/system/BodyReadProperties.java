package com.clinicbilling.gateway.system;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How the bodies of {@code POST /v1/invoices} and the Stripe webhook are read: without a thread, and
 * only as long as a client sending at a reasonable rate needs.
 *
 * @param timeout the whole body must have arrived within this time of the request's head; over it,
 * 408 and the connection is closed
 * @param minRate after {@code graceTime}, a body arriving slower than this many bytes per second is
 * answered 408 and its connection closed; 0 turns the check off
 * @param graceTime how long a body may arrive at any rate before {@code minRate} applies
 * @param webhookMaxSize largest Stripe webhook body accepted
 */
@ConfigurationProperties("invoice.gateway.body")
public record BodyReadProperties(@DefaultValue("10s") Duration timeout, @DefaultValue("1KB") DataSize minRate,
		@DefaultValue("2s") Duration graceTime, @DefaultValue("1MB") DataSize webhookMaxSize) {

	public BodyReadProperties {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("invoice.gateway.body.timeout must be positive, was " + timeout);
		}
		if (minRate.isNegative() || graceTime.isNegative()) {
			throw new IllegalArgumentException("invoice.gateway.body.min-rate and grace-time must not be negative");
		}
	}

}
