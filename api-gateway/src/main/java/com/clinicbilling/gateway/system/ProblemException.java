package com.clinicbilling.gateway.system;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.clinicbilling.schemas.CreateInvoiceRules.Violation;

import org.springframework.http.HttpStatus;

/**
 * A request the gateway answers with an RFC 9457 problem instead of its normal response. Features
 * throw it; {@link GatewayExceptionHandler} renders it, so status, type and title of each kind of
 * failure are decided here, in one place.
 */
public final class ProblemException extends RuntimeException {

	private static final String TYPE_BASE = "https://invoices.example/problems/";

	private final HttpStatus status;

	private final String slug;

	private final String title;

	private final List<Violation> errors;

	private final Duration retryAfter;

	private ProblemException(HttpStatus status, String slug, String title, String detail, List<Violation> errors,
			Duration retryAfter, Throwable cause) {
		super(detail, cause);
		this.status = status;
		this.slug = slug;
		this.title = title;
		this.errors = List.copyOf(errors);
		this.retryAfter = retryAfter;
	}

	/** The problem type URI of a slug such as {@code validation-failed}. */
	public static URI type(String slug) {
		return URI.create(TYPE_BASE + slug);
	}

	public static ProblemException validationFailed(List<Violation> errors) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "validation-failed", "Validation failed",
				"The request breaks " + errors.size() + " rule(s); see errors", errors, null, null);
	}

	public static ProblemException notFound(String detail) {
		return new ProblemException(HttpStatus.NOT_FOUND, "not-found", "Not found", detail, List.of(), null, null);
	}

	public static ProblemException idempotencyKeyReused() {
		return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
				"Idempotency key reused",
				"This Idempotency-Key was already used with a different body; use a new key for a new invoice",
				List.of(), null, null);
	}

	public static ProblemException kafkaUnavailable(Duration retryAfter, Throwable cause) {
		return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "kafka-unavailable", "Command not stored",
				"The command could not be stored; nothing was accepted, retry with the same Idempotency-Key", List.of(),
				retryAfter, cause);
	}

	/** More submissions waiting for Kafka than the instance admits: shed at once, nothing published. */
	public static ProblemException overloaded(Duration retryAfter) {
		return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Overloaded",
				"The gateway is at capacity; nothing was accepted, retry with the same Idempotency-Key", List.of(),
				retryAfter, null);
	}

	/** A clinic over its submission rate; {@code retryAfter} is when its next request fits the rate. */
	public static ProblemException rateLimited(Duration retryAfter) {
		return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Rate limited",
				"This clinic is over its rate of submissions; nothing was accepted, retry after the Retry-After seconds",
				List.of(), retryAfter, null);
	}

	/** A header the gateway cannot read as text, or that breaks its rule; named in {@code errors}. */
	public static ProblemException invalidHeader(String header, String message) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "validation-failed", "Validation failed",
				"The " + header + " header cannot be accepted; see errors", List.of(new Violation(header, message)), null,
				null);
	}

	/** Too many open event streams: of one clinic, or of this instance. */
	public static ProblemException tooManyStreams(String detail, Duration retryAfter) {
		return new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "too-many-streams", "Too many event streams", detail,
				List.of(), retryAfter, null);
	}

	/** A body that did not arrive completely within the deadline, or arrived slower than the minimum rate. */
	public static ProblemException bodyTooSlow(String detail) {
		return new ProblemException(HttpStatus.REQUEST_TIMEOUT, "body-too-slow", "Request body too slow", detail,
				List.of(), null, null);
	}

	public static ProblemException payloadTooLarge(long maxBytes) {
		return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
				"The request body must be at most " + maxBytes + " bytes", List.of(), null, null);
	}

	public HttpStatus status() {
		return this.status;
	}

	public URI type() {
		return type(this.slug);
	}

	public String title() {
		return this.title;
	}

	public List<Violation> errors() {
		return this.errors;
	}

	/** How long a client should wait before retrying, or null when a retry cannot help. */
	public Duration retryAfter() {
		return this.retryAfter;
	}

}
