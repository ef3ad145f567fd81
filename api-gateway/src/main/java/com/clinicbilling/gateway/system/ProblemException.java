package com.clinicbilling.gateway.system;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import com.clinicbilling.schemas.CreateInvoiceRules.Violation;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request the gateway answers with an RFC 9457 problem instead of its normal response: Spring's
 * {@link ErrorResponseException}, with the gateway's problem types. Features throw it; Spring MVC
 * renders it ({@link GatewayExceptionHandler}) and filters write it ({@link ProblemWriter}), so
 * status, type and title of each kind of failure are decided here, in one place.
 */
public final class ProblemException extends ErrorResponseException {

	private static final String TYPE_BASE = "https://invoices.example/problems/";

	private ProblemException(HttpStatus status, String slug, String title, String detail, List<Violation> errors,
			Duration retryAfter, Throwable cause) {
		super(status, problem(status, slug, title, detail, errors), cause);
		if (retryAfter != null) {
			getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds(retryAfter)));
		}
	}

	private static ProblemDetail problem(HttpStatus status, String slug, String title, String detail,
			List<Violation> errors) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(type(slug));
		problem.setTitle(title);
		if (!errors.isEmpty()) {
			problem.setProperty("errors", List.copyOf(errors));
		}
		return problem;
	}

	/** Whole seconds, rounded up: a client retrying after a rounded-down wait would be refused again. */
	static long seconds(Duration retryAfter) {
		return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
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

	/** A request id no status is known for: never sent, another clinic's, or older than the retention. */
	public static ProblemException requestUnknown() {
		return notFound("No such invoice request: unknown, or older than the status retention. A retry with the same"
				+ " Idempotency-Key and body is safe: it never makes a second invoice");
	}

	/** A request whose status was kept for the whole retention and is no longer. */
	public static ProblemException requestGone() {
		return new ProblemException(HttpStatus.GONE, "request-expired", "Request expired",
				"This invoice request is older than the status retention; its status is no longer kept. A retry with"
						+ " the same Idempotency-Key and body is safe: it never makes a second invoice and answers its outcome",
				List.of(), null, null);
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

	/** No valid credential; the detail never repeats the token or the parser's message about it. */
	public static ProblemException unauthorized(String detail) {
		return new ProblemException(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, List.of(), null,
				null);
	}

	public static ProblemException forbidden(String detail) {
		return new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail, List.of(), null, null);
	}

	/** A Stripe webhook on a gateway without the webhook secret: Stripe retries it later. */
	public static ProblemException webhookNotConfigured() {
		return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "stripe-webhook-not-configured",
				"Webhook not configured", "This gateway has no Stripe webhook secret; nothing was stored", List.of(),
				null, null);
	}

	public static ProblemException invalidStripeSignature(String detail) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "invalid-stripe-signature", "Invalid Stripe signature",
				detail, List.of(), null, null);
	}

	public static ProblemException malformedStripeEvent() {
		return new ProblemException(HttpStatus.BAD_REQUEST, "malformed-stripe-event", "Malformed Stripe event",
				"The body is signed but is not a Stripe event", List.of(), null, null);
	}

	/**
	 * Malformed JSON, unknown properties and wrong types: 400 naming the field; {@code cause} is the
	 * JSON parser's failure, or null for a missing body.
	 */
	public static ProblemException malformedBody(Throwable cause) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed body",
				"The body is not a valid invoice request; see errors", JsonErrors.describe(cause), null, null);
	}

	/** As Spring MVC words it for a handler's {@code consumes}, with {@code Accept} naming the type wanted. */
	public static ProblemException unsupportedMediaType(String contentType, MediaType supported) {
		ProblemException problem = new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
				"Unsupported Media Type", "Content-Type '" + ((contentType != null) ? contentType : "")
						+ "' is not supported.", List.of(), null, null);
		problem.getHeaders().setAccept(List.of(supported));
		return problem;
	}

	/** A failure of the gateway itself; its cause is logged, never sent. */
	public static ProblemException unexpected() {
		return new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"The request failed unexpectedly", List.of(), null, null);
	}

	public static ProblemException payloadTooLarge(long maxBytes) {
		return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
				"The request body must be at most " + maxBytes + " bytes", List.of(), null, null);
	}

	public HttpStatus status() {
		return HttpStatus.valueOf(getStatusCode().value());
	}

}
