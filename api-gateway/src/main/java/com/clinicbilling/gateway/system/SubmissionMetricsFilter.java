package com.clinicbilling.gateway.system;

import java.io.IOException;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts submissions of {@code POST /v1/invoices} as {@code invoice.commands.submitted} by outcome:
 * accepted, or the reason of the refusal. It sits before security, so refusals for a missing token
 * or scope count too. Each status of the contract's submit endpoint has exactly one reason.
 */
class SubmissionMetricsFilter extends SubmitFilter {

	private static final Map<Integer, String> OUTCOMES = Map.of(202, "accepted", 400, "invalid", 401,
			"unauthenticated", 403, "forbidden", 413, "too-large", 415, "unsupported-media-type", 422,
			"idempotency-key-reused", 408, "too-slow", 429, "rate-limited", 503, "kafka-unavailable");

	private final MeterRegistry registry;

	SubmissionMetricsFilter(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		passOn(request, response, chain, () -> count(response.getStatus()));
	}

	private void count(int status) {
		Counter.builder("invoice.commands.submitted")
			.description("Submissions of CreateInvoice commands, by outcome")
			.tag("outcome", OUTCOMES.getOrDefault(status, "other"))
			.register(this.registry)
			.increment();
	}

}
