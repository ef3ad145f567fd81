package com.clinicbilling.gateway.system;

import java.io.IOException;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts submissions of {@code POST /v1/invoices} as {@code invoice.commands.submitted} by outcome:
 * accepted, or the reason of the refusal. It sits before security, so refusals for a missing token
 * or scope count too. Each status of the contract's submit endpoint has exactly one reason.
 */
class SubmissionMetricsFilter extends OncePerRequestFilter {

	private static final Map<Integer, String> OUTCOMES = Map.of(202, "accepted", 400, "invalid", 401,
			"unauthenticated", 403, "forbidden", 413, "too-large", 415, "unsupported-media-type", 422,
			"idempotency-key-reused", 408, "too-slow", 429, "rate-limited", 503, "kafka-unavailable");

	private final MeterRegistry registry;

	SubmissionMetricsFilter(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !("POST".equals(request.getMethod()) && "/v1/invoices".equals(request.getRequestURI()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (request.isAsyncStarted()) {
				// The body is being read without a thread (BodyReader), or Kafka's acknowledgement is
				// awaited: the outcome is known when the last asynchronous cycle completes.
				request.getAsyncContext().addListener(new AsyncListener() {

					@Override
					public void onComplete(AsyncEvent event) {
						count(response.getStatus());
					}

					@Override
					public void onTimeout(AsyncEvent event) {
					}

					@Override
					public void onError(AsyncEvent event) {
					}

					@Override
					public void onStartAsync(AsyncEvent event) {
						// A new cycle (the body was read, the controller awaits Kafka) notifies only
						// listeners added to it again.
						event.getAsyncContext().addListener(this);
					}

				});
			}
			else {
				count(response.getStatus());
			}
		}
	}

	private void count(int status) {
		Counter.builder("invoice.commands.submitted")
			.description("Submissions of CreateInvoice commands, by outcome")
			.tag("outcome", OUTCOMES.getOrDefault(status, "other"))
			.register(this.registry)
			.increment();
	}

}
