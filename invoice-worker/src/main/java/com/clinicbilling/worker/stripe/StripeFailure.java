package com.clinicbilling.worker.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;

/**
 * What a failed Stripe request means, decided here and nowhere else: transient (retry with
 * back-off: 429, 409 lock or idempotency conflicts, 5xx, no answer at all, and 401/403, which are this
 * worker's key and not the invoice's fault) or a refusal of the invoice for good (any other 4xx),
 * which becomes a REJECTED status with the code {@code stripe_<Stripe's error code>}, or
 * {@code stripe_<error type>} when Stripe names no code.
 */
record StripeFailure(boolean isTransient, String code, String message) {

	static final String CODE_PREFIX = "stripe_";

	private static final int MAX_MESSAGE = 500;

	static StripeFailure of(StripeException ex) {
		Integer status = ex.getStatusCode();
		boolean isTransient = ex instanceof ApiConnectionException || ex instanceof RateLimitException
				|| status == null || status < 400 || status == 401 || status == 403 || status == 409 || status == 429
				|| status >= 500;
		return new StripeFailure(isTransient, CODE_PREFIX + code(ex, status), message(ex));
	}

	private static String code(StripeException ex, Integer status) {
		if (ex.getCode() != null && !ex.getCode().isBlank()) {
			return ex.getCode();
		}
		if (ex.getStripeError() != null && ex.getStripeError().getType() != null) {
			return ex.getStripeError().getType();
		}
		return (status == null || status == 0) ? "no_answer" : "http_" + status;
	}

	private static String message(StripeException ex) {
		String message = (ex.getUserMessage() != null) ? ex.getUserMessage() : ex.getMessage();
		if (message == null) {
			return "Stripe refused the invoice";
		}
		return (message.length() <= MAX_MESSAGE) ? message : message.substring(0, MAX_MESSAGE);
	}

}
