package com.clinicbilling.gateway.submit;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.gateway.system.ProblemWriter;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sheds submissions over capacity instead of queueing them: at most {@code max-in-flight}
 * submissions are in progress at once, from the first filter until their answer is complete (body
 * read, checks, waiting for Kafka's acknowledgement). One more is answered 503 {@code overloaded}
 * with {@code Retry-After} at once, before its token, body or JSON cost anything and with nothing
 * published; its client retries with the same key. Whether the CPU or Kafka is what runs out, the
 * admitted requests keep their latency and the rest learn it in microseconds, not after seconds in a
 * queue.
 */
final class SubmitAdmission extends OncePerRequestFilter {

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
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !("POST".equals(request.getMethod()) && "/v1/invoices".equals(request.getRequestURI()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (!this.inProgress.tryAcquire()) {
			this.problems.write(response, ProblemException.overloaded(this.retryAfter));
			return;
		}
		Release release = new Release();
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (request.isAsyncStarted()) {
				// Answered later (body read without a thread, or the wait for Kafka): released when
				// the last asynchronous cycle completes.
				request.getAsyncContext().addListener(release);
			}
			else {
				release.run();
			}
		}
	}

	/** Submissions in progress now. */
	int inProgress() {
		return this.limit - this.inProgress.availablePermits();
	}

	/** Releases the request's permit once, whichever way it ends. */
	private final class Release implements AsyncListener, Runnable {

		private final AtomicBoolean released = new AtomicBoolean();

		@Override
		public void run() {
			if (this.released.compareAndSet(false, true)) {
				SubmitAdmission.this.inProgress.release();
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
			run();
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// A new cycle (the body was read, now Kafka is awaited) notifies only listeners added again.
			event.getAsyncContext().addListener(this);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
		}

	}

}
