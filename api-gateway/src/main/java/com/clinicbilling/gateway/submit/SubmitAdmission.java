package com.clinicbilling.gateway.submit;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.gateway.system.ProblemWriter;
import com.clinicbilling.gateway.system.SubmitFilter;

/**
 * Sheds submissions over capacity instead of queueing them: at most {@code max-in-flight}
 * submissions are in progress at once, from the first filter until their answer is complete (body
 * read, checks, waiting for Kafka's acknowledgement). One more is answered 503 {@code overloaded}
 * with {@code Retry-After} at once, before its token, body or JSON cost anything and with nothing
 * published; its client retries with the same key. Whether the CPU or Kafka is what runs out, the
 * admitted requests keep their latency and the rest learn it in microseconds, not after seconds in a
 * queue.
 */
final class SubmitAdmission extends SubmitFilter {

	private final Semaphore inProgress;

	private final int limit;

	private final Duration retryAfter;

	private final ProblemWriter problems;

	SubmitAdmission(int limit, Duration retryAfter, ProblemWriter problems) {
		this.inProgress = new Semaphore(limit);
		this.limit = limit;
		this.retryAfter = retryAfter;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.inProgress.tryAcquire()) {
			this.problems.write(response, ProblemException.overloaded(this.retryAfter));
			return;
		}
		passOn(request, response, chain, this.inProgress::release);
	}

	/** Submissions in progress now. */
	int inProgress() {
		return this.limit - this.inProgress.availablePermits();
	}

}
