package com.clinicbilling.gateway.system;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter of submissions ({@code POST /v1/invoices}) only; one that acts on the answer passes the
 * request on with {@link #passOn}.
 */
public abstract class SubmitFilter extends OncePerRequestFilter {

	/** The path of submissions; only {@code POST} is one. */
	public static final String PATH = "/v1/invoices";

	@Override
	protected final boolean shouldNotFilter(HttpServletRequest request) {
		return !("POST".equals(request.getMethod()) && PATH.equals(request.getRequestURI()));
	}

	/**
	 * Passes the request on, then runs {@code whenAnswered} once, when the answer is complete, whether
	 * the chain returned or threw: at once when it was answered on this thread, else when the last
	 * asynchronous cycle completes (the body read without a thread by {@link BodyReader}, then the wait
	 * for Kafka's acknowledgement).
	 */
	protected static void passOn(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			Runnable whenAnswered) throws ServletException, IOException {
		try {
			chain.doFilter(request, response);
		}
		finally {
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new Answered(whenAnswered));
			}
			else {
				whenAnswered.run();
			}
		}
	}

	private static final class Answered implements AsyncListener {

		private final AtomicBoolean ran = new AtomicBoolean();

		private final Runnable action;

		Answered(Runnable action) {
			this.action = action;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			if (this.ran.compareAndSet(false, true)) {
				this.action.run();
			}
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			// A new cycle (the body was read, now Kafka is awaited) notifies only listeners added again.
			event.getAsyncContext().addListener(this);
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			// Completion follows.
		}

		@Override
		public void onError(AsyncEvent event) {
			// Completion follows.
		}

	}

}
