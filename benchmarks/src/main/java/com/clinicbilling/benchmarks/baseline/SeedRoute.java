package com.clinicbilling.benchmarks.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * The seed's {@code createInvoiceHandler}, {@code POST /v1/invoices}, in its two versions: 201 once the
 * invoice is written. Each database call is its own trip to the shared pool, as each Prisma call was;
 * the difference between the versions is the seed's fixes, nothing else. When no connection comes
 * within the pool time-out, "before" fails as the incident did (500, Prisma's message) and "after"
 * answers 503 with Retry-After, the seed's fix.
 */
@RestController
class SeedRoute {

	private static final Logger logger = LoggerFactory.getLogger(SeedRoute.class);

	private final SeedQueries queries;

	private final BaselineProperties properties;

	private final PoolRetry retry;

	SeedRoute(SeedQueries queries, BaselineProperties properties) {
		this.queries = queries;
		this.properties = properties;
		this.retry = new PoolRetry(properties);
	}

	@PostMapping(path = "/v1/invoices", consumes = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<String> create(@RequestHeader("Idempotency-Key") String key, @RequestBody InvoiceRequest request) {
		boolean before = this.properties.mode() == BaselineProperties.Mode.BEFORE;
		try {
			return before ? before(key, request) : after(key, request);
		}
		catch (CannotGetJdbcConnectionException ex) {
			logger.debug("No connection within the pool time-out for key={}", key);
			if (before) {
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

	/**
	 * The incident's route: three sequential duplicate checks, one lookup per product, a patient
	 * lookup, then the transaction. The amount check needs the total, so it runs after the product
	 * lookups that price the lines; the seed priced from the request.
	 */
	private ResponseEntity<String> before(String key, InvoiceRequest request) {
		long clinic = this.properties.clinicId();
		Optional<Long> existing = this.queries.findByKey(clinic, key);
		if (existing.isEmpty() && request.orderId() != null) {
			existing = this.queries.findSameOrder(clinic, request.patientId(), request.orderId());
		}
		if (existing.isPresent()) {
			return duplicate(existing.get());
		}
		List<SeedQueries.PricedLine> lines = new ArrayList<>();
		for (InvoiceRequest.Line line : request.lineItems()) {
			if (line.productId() != null) {
				Optional<SeedQueries.Product> product = this.queries.findProduct(clinic, line.productId());
				if (product.isEmpty()) {
					return json(HttpStatus.UNPROCESSABLE_CONTENT, "{\"error\":\"product_not_found\"}");
				}
				lines.add(new SeedQueries.PricedLine(product.get().id(), product.get().name(),
						product.get().unitAmount(), line.quantity()));
			}
			else {
				lines.add(new SeedQueries.PricedLine(null, line.description(), line.unitAmount(), line.quantity()));
			}
		}
		long amount = lines.stream().mapToLong(SeedQueries.PricedLine::amount).sum();
		existing = (amount > 0) ? this.queries.findSameAmount(clinic, request.patientId(), amount) : Optional.empty();
		if (existing.isPresent()) {
			return duplicate(existing.get());
		}
		Optional<Long> patientClinic = this.queries.findPatientClinic(request.patientId());
		if (patientClinic.isEmpty() || patientClinic.get() != clinic) {
			return json(HttpStatus.NOT_FOUND, "{\"error\":\"patient_not_found\"}");
		}
		return created(this.queries.insert(clinic, key, request, lines, amount));
	}

	/**
	 * The route with the seed's fixes: one product query, a patient lookup, one combined duplicate
	 * query, each call and the transaction retried when no connection came within the timeout.
	 */
	private ResponseEntity<String> after(String key, InvoiceRequest request) {
		long clinic = this.properties.clinicId();
		List<Long> productIds = request.lineItems()
			.stream()
			.map(InvoiceRequest.Line::productId)
			.filter((id) -> id != null)
			.toList();
		Map<Long, SeedQueries.Product> products = productIds.isEmpty() ? Map.of()
				: this.retry.call(() -> this.queries.findProducts(clinic, productIds));
		List<SeedQueries.PricedLine> lines = new ArrayList<>();
		for (InvoiceRequest.Line line : request.lineItems()) {
			if (line.productId() != null) {
				SeedQueries.Product product = products.get(line.productId());
				if (product == null) {
					return json(HttpStatus.UNPROCESSABLE_CONTENT, "{\"error\":\"product_not_found\"}");
				}
				lines.add(new SeedQueries.PricedLine(product.id(), product.name(), product.unitAmount(),
						line.quantity()));
			}
			else {
				lines.add(new SeedQueries.PricedLine(null, line.description(), line.unitAmount(), line.quantity()));
			}
		}
		long amount = lines.stream().mapToLong(SeedQueries.PricedLine::amount).sum();
		Optional<Long> patientClinic = this.retry.call(() -> this.queries.findPatientClinic(request.patientId()));
		if (patientClinic.isEmpty() || patientClinic.get() != clinic) {
			return json(HttpStatus.NOT_FOUND, "{\"error\":\"patient_not_found\"}");
		}
		Optional<Long> existing = this.retry
			.call(() -> this.queries.findDuplicate(clinic, key, request.patientId(), request.orderId(), amount));
		if (existing.isPresent()) {
			return duplicate(existing.get());
		}
		return created(this.retry.call(() -> this.queries.insert(clinic, key, request, lines, amount)));
	}

	private static ResponseEntity<String> created(long id) {
		return json(HttpStatus.CREATED, "{\"invoiceId\":" + id + "}");
	}

	private static ResponseEntity<String> duplicate(long id) {
		return json(HttpStatus.OK, "{\"invoiceId\":" + id + ",\"duplicate\":true}");
	}

	private static ResponseEntity<String> json(HttpStatus status, String body) {
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
	}

}
