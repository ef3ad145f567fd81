package com.clinicbilling.gateway.system;

import java.net.URI;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Renders every failure of a request handled by Spring MVC as RFC 9457 {@code application/problem+json}.
 * Spring's own exceptions (415, 405, 404 ...) come from the superclass and only get our problem type
 * URIs here; 401 and 403 happen before MVC and are written by the security package in the same shape.
 */
@RestControllerAdvice
class GatewayExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(GatewayExceptionHandler.class);

	private static final URI ABOUT_BLANK = URI.create("about:blank");

	private static final Map<Integer, String> SLUGS = Map.of(400, "bad-request", 404, "not-found", 405,
			"method-not-allowed", 406, "not-acceptable", 413, "payload-too-large", 415, "unsupported-media-type", 500,
			"internal-error");

	/** Our {@link ProblemException}s and Spring's own; a server-side failure is logged for operators. */
	@Override
	protected ResponseEntity<Object> handleErrorResponseException(ErrorResponseException ex, HttpHeaders headers,
			HttpStatusCode status, WebRequest request) {
		if (status.is5xxServerError()) {
			// The cause (e.g. a Kafka time-out) is for operators; the client gets the problem only.
			log.warn("Answering {} {}: {}", status.value(), ex.getBody().getType(),
					(ex.getCause() != null) ? NestedExceptionUtils.getMostSpecificCause(ex.getCause()).toString() : "");
		}
		return super.handleErrorResponseException(ex, headers, status, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> onUnexpected(Exception ex, HttpServletRequest request) {
		log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), ex);
		return ResponseEntity.internalServerError().body(ProblemException.unexpected().getBody());
	}

	/**
	 * Malformed JSON, unknown properties and wrong types: 400 naming the field. A body over the size
	 * limit surfaces here too, wrapped by the JSON parser that was reading it.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ProblemException problem) {
				return handleErrorResponseException(problem, problem.getHeaders(), problem.getStatusCode(), request);
			}
		}
		return handleExceptionInternal(ex, ProblemException.malformedBody(ex.getCause()).getBody(), headers,
				HttpStatus.BAD_REQUEST, request);
	}

	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		if (body == null && ex instanceof ErrorResponse errorResponse) {
			body = errorResponse.getBody();
		}
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))
				&& SLUGS.containsKey(statusCode.value())) {
			problem.setType(ProblemException.type(SLUGS.get(statusCode.value())));
		}
		return super.handleExceptionInternal(ex, body, headers, statusCode, request);
	}

}
