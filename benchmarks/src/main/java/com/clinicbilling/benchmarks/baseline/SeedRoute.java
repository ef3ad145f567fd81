package com.clinicbilling.benchmarks.baseline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.http.HttpStatus;

/**
 * The seed's {@code createInvoiceHandler}, in its two versions. Each database call is its own
 * trip to the shared pool, as each Prisma call was; the difference between the versions is the
 * seed's fixes, nothing else.
 */
@Component
class SeedRoute {

	private final SeedQueries queries;

	private final SeedInvoiceWriter writer;

	private final BaselineProperties properties;

	private final PoolRetry retry;

	SeedRoute(SeedQueries queries, SeedInvoiceWriter writer, BaselineProperties properties, PoolRetry retry) {
		this.queries = queries;
		this.writer = writer;
		this.properties = properties;
		this.retry = retry;
	}

	record Answer(HttpStatus status, String body) {
	}

	Answer create(String key, InvoiceRequest request) {
		return (this.properties.mode() == BaselineProperties.Mode.BEFORE) ? before(key, request) : after(key, request);
	}

	/**
	 * The incident's route: three sequential duplicate checks, one lookup per product, a patient
	 * lookup, then the transaction. The amount check needs the total, so it runs after the product
	 * lookups that price the lines; the seed priced from the request.
	 */
	private Answer before(String key, InvoiceRequest request) {
		long clinic = this.properties.clinicId();
		Optional<Long> existing = this.queries.findByKey(clinic, key);
		if (existing.isEmpty() && request.orderId() != null) {
			existing = this.queries.findSameOrder(clinic, request.patientId(), request.orderId());
		}
		if (existing.isPresent()) {
			return duplicate(existing.get());
		}
		List<SeedInvoiceWriter.PricedLine> lines = new ArrayList<>();
		for (InvoiceRequest.Line line : request.lineItems()) {
			if (line.productId() != null) {
				Optional<SeedQueries.Product> product = this.queries.findProduct(clinic, line.productId());
				if (product.isEmpty()) {
					return new Answer(HttpStatus.UNPROCESSABLE_CONTENT, "{\"error\":\"product_not_found\"}");
				}
				lines.add(new SeedInvoiceWriter.PricedLine(product.get().id(), product.get().name(),
						product.get().unitAmount(), line.quantity()));
			}
			else {
				lines.add(new SeedInvoiceWriter.PricedLine(null, line.description(), line.unitAmount(), line.quantity()));
			}
		}
		long amount = lines.stream().mapToLong(SeedInvoiceWriter.PricedLine::amount).sum();
		existing = (amount > 0) ? this.queries.findSameAmount(clinic, request.patientId(), amount) : Optional.empty();
		if (existing.isPresent()) {
			return duplicate(existing.get());
		}
		Optional<Long> patientClinic = this.queries.findPatientClinic(request.patientId());
		if (patientClinic.isEmpty() || patientClinic.get() != clinic) {
			return new Answer(HttpStatus.NOT_FOUND, "{\"error\":\"patient_not_found\"}");
		}
		return created(this.writer.insert(clinic, key, request, lines, amount));
	}

	/**
	 * The route with the seed's fixes: one product query, a patient lookup, one combined duplicate
	 * query, each call and the transaction retried when no connection came within the timeout.
	 */
	private Answer after(String key, InvoiceRequest request) {
		long clinic = this.properties.clinicId();
		List<Long> productIds = request.lineItems()
			.stream()
			.map(InvoiceRequest.Line::productId)
			.filter((id) -> id != null)
			.toList();
		Map<Long, SeedQueries.Product> products = productIds.isEmpty() ? Map.of()
				: this.retry.call(() -> this.queries.findProducts(clinic, productIds));
		List<SeedInvoiceWriter.PricedLine> lines = new ArrayList<>();
		for (InvoiceRequest.Line line : request.lineItems()) {
			if (line.productId() != null) {
				SeedQueries.Product product = products.get(line.productId());
				if (product == null) {
					return new Answer(HttpStatus.UNPROCESSABLE_CONTENT, "{\"error\":\"product_not_found\"}");
				}
				lines.add(new SeedInvoiceWriter.PricedLine(product.id(), product.name(), product.unitAmount(),
						line.quantity()));
			}
			else {
				lines.add(new SeedInvoiceWriter.PricedLine(null, line.description(), line.unitAmount(), line.quantity()));
			}
		}
		long amount = lines.stream().mapToLong(SeedInvoiceWriter.PricedLine::amount).sum();
		Optional<Long> patientClinic = this.retry.call(() -> this.queries.findPatientClinic(request.patientId()));
		if (patientClinic.isEmpty() || patientClinic.get() != clinic) {
			return new Answer(HttpStatus.NOT_FOUND, "{\"error\":\"patient_not_found\"}");
		}
		Optional<Long> existing = this.retry
			.call(() -> this.queries.findDuplicate(clinic, key, request.patientId(), request.orderId(), amount));
		if (existing.isPresent()) {
			return duplicate(existing.get());
		}
		return created(this.retry.call(() -> this.writer.insert(clinic, key, request, lines, amount)));
	}

	private static Answer created(long id) {
		return new Answer(HttpStatus.CREATED, "{\"invoiceId\":" + id + "}");
	}

	private static Answer duplicate(long id) {
		return new Answer(HttpStatus.OK, "{\"invoiceId\":" + id + ",\"duplicate\":true}");
	}

}
