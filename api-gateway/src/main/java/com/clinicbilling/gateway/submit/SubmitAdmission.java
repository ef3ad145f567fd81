package com.clinicbilling.gateway.submit;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Semaphore;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.gateway.system.ProblemWriter;
import com.clinicbilling.gateway.system.SubmitFilter;

/**
 * The first filter of every submission: it admits or sheds it, and counts its outcome once answered.
 *
 * <p>Sheds submissions over capacity instead of queueing them: at most {@code max-in-flight}
 * submissions are in progress at once, from this filter until their answer is complete (body
 * read, checks, waiting for Kafka's acknowledgement). One more is answered 503 {@code overloaded}
 * with {@code Retry-After} at once, before its token, body or JSON cost anything and with nothing
 * published; its client retries with the same key. Whether the CPU or Kafka is what runs out, the
 * rest are refused at the cost of parsing their head. What this filter cannot shorten is the wait in
 * Tomcat's executor queue before it (BENCHMARKS.md, "Front door").
 *
 * <p>Counts {@code invoice.commands.submitted} by outcome: accepted, or the reason of the refusal,
 * those of the security filters and the shed ones included (Boot's {@code http.server.requests}
 * has the statuses, not these reasons, and never sees a shed request). Each status of the
 * contract's submit endpoint has exactly one reason.
 */
final class SubmitAdmission extends SubmitFilter {

	private static final Map<Integer, String> OUTCOMES = Map.of(202, "accepted", 400, "invalid", 401,
			"unauthenticated", 403, "forbidden", 413, "too-large", 415, "unsupported-media-type", 422,
			"idempotency-key-reused", 408, "too-slow", 429, "rate-limited", 503, "kafka-unavailable");

	private final Semaphore inProgress;

	private final int limit;

	private final Duration retryAfter;

	private final ProblemWriter problems;

	private final MeterRegistry registry;

	SubmitAdmission(int limit, Duration retryAfter, ProblemWriter problems, MeterRegistry registry) {
		this.inProgress = new Semaphore(limit);
		this.limit = limit;
		this.retryAfter = retryAfter;
		this.problems = problems;
		this.registry = registry;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.inProgress.tryAcquire()) {
			this.problems.write(response, ProblemException.overloaded(this.retryAfter));
			count("overloaded");
			return;
		}
		passOn(request, response, chain, () -> {
			this.inProgress.release();
			count(OUTCOMES.getOrDefault(response.getStatus(), "other"));
		});
	}

	private void count(String outcome) {
		Counter.builder("invoice.commands.submitted")
			.description("Submissions of CreateInvoice commands, by outcome")
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	/** Submissions in progress now. */
	int inProgress() {
		return this.limit - this.inProgress.availablePermits();
	}

}
