package com.clinicbilling.benchmarks.baseline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/invoices} as the seed answered it: 201 once the invoice is written. When no
 * connection comes within the pool time-out, "before" fails as the incident did (500, Prisma's
 * message) and "after" answers 503 with Retry-After, the seed's fix.
 */
@RestController
class SeedInvoiceController {

	private static final Logger logger = LoggerFactory.getLogger(SeedInvoiceController.class);

	private final SeedRoute route;

	private final BaselineProperties properties;

	SeedInvoiceController(SeedRoute route, BaselineProperties properties) {
		this.route = route;
		this.properties = properties;
	}

	@PostMapping(path = "/v1/invoices", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> create(@RequestHeader("Idempotency-Key") String key, @RequestBody InvoiceRequest request) {
		try {
			SeedRoute.Answer answer = this.route.create(key, request);
			return json(answer.status(), answer.body());
		}
		catch (CannotGetJdbcConnectionException ex) {
			logger.debug("No connection within the pool time-out for key={}", key);
			if (this.properties.mode() == BaselineProperties.Mode.BEFORE) {
				return json(HttpStatus.INTERNAL_SERVER_ERROR,
						"{\"error\":\"Timed out fetching a new connection from the connection pool\"}");
			}
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.header("Retry-After", Long.toString(this.properties.retryAfter().toSeconds()))
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"error\":\"database busy\"}");
		}
		catch (DuplicateKeyException ex) {
			// The same key raced another request past the duplicate check: the seed's unique index wins.
			return json(HttpStatus.OK, "{\"duplicate\":true}");
		}
	}

	private static ResponseEntity<String> json(HttpStatus status, String body) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
	}

}
