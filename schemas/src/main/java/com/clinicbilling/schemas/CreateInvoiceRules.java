package com.clinicbilling.schemas;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The contract's rules for a {@link CreateInvoice}, in one place: the gateway answers their
 * violations with 400, the worker rejects a command that breaks them (written to Kafka by another
 * producer) with {@code invalid_command}.
 *
 * <p>The total of product lines is only known once products are resolved, so
 * {@link #MAX_TOTAL} is checked here for the lines that carry their own amount, and again by the
 * worker on the full total.
 */
public final class CreateInvoiceRules {

	public static final long MAX_TOTAL = 99_999_999L;

	public static final int MAX_LINE_ITEMS = 100;

	public static final int MAX_QUANTITY = 1_000;

	public static final int MAX_DESCRIPTION = 200;

	public static final int MAX_MEMO = 500;

	public static final int MAX_REFERENCE = 255;

	public static final int MAX_IDEMPOTENCY_KEY = 255;

	public static final Set<String> DEFAULT_CURRENCIES = Set.of("usd", "eur", "gbp", "cad", "aud");

	private final Set<String> currencies;

	private final Clock clock;

	private final Duration clockSkew;

	/**
	 * @param clockSkew how far in the future {@code paidAt} may lie: zero at the edge, where the
	 * clock that accepted the command is the one checking it; some minutes in the worker, whose clock
	 * may run behind the gateway's
	 */
	public CreateInvoiceRules(Set<String> currencies, Clock clock, Duration clockSkew) {
		this.currencies = Set.copyOf(currencies);
		this.clock = clock;
		this.clockSkew = clockSkew;
	}

	/** A broken rule, with the field named as in the HTTP body ({@code lineItems[2].quantity}). */
	public record Violation(String field, String message) {
	}

	public static boolean isValidIdempotencyKey(String key) {
		return key != null && !key.isEmpty() && key.length() <= MAX_IDEMPOTENCY_KEY
				&& key.chars().allMatch((c) -> c >= 0x21 && c <= 0x7e);
	}

	public List<Violation> check(CreateInvoice command) {
		List<Violation> violations = new ArrayList<>();
		if (command.getClinicId() <= 0) {
			violations.add(new Violation("clinicId", "must be positive"));
		}
		if (!isValidIdempotencyKey(command.getIdempotencyKey())) {
			violations.add(new Violation("Idempotency-Key", "must be 1-255 visible ASCII characters"));
		}
		if (command.getPatientId() <= 0) {
			violations.add(new Violation("patientId", "must be positive"));
		}
		if (command.getOrderId() != null && command.getOrderId() <= 0) {
			violations.add(new Violation("orderId", "must be positive"));
		}
		if (!this.currencies.contains(command.getCurrency())) {
			violations.add(new Violation("currency", "must be one of " + this.currencies.stream().sorted().toList()));
		}
		checkLineItems(command.getLineItems(), violations);
		if (command.getMemo() != null && command.getMemo().length() > MAX_MEMO) {
			violations.add(new Violation("memo", "must be at most " + MAX_MEMO + " characters"));
		}
		checkPayment(command.getPaidExternally(), violations);
		return violations;
	}

	private void checkLineItems(List<LineItem> items, List<Violation> violations) {
		if (items == null || items.isEmpty() || items.size() > MAX_LINE_ITEMS) {
			violations.add(new Violation("lineItems", "must hold 1 to " + MAX_LINE_ITEMS + " items"));
			return;
		}
		long customTotal = 0;
		for (int i = 0; i < items.size(); i++) {
			LineItem item = items.get(i);
			String field = "lineItems[" + i + "]";
			if (item.getQuantity() < 1 || item.getQuantity() > MAX_QUANTITY) {
				violations.add(new Violation(field + ".quantity", "must be between 1 and " + MAX_QUANTITY));
			}
			if (item.getProductId() != null) {
				if (item.getDescription() != null || item.getUnitAmount() != null) {
					violations.add(new Violation(field,
							"must have either productId or description with unitAmount, not both"));
				}
				else if (item.getProductId() <= 0) {
					violations.add(new Violation(field + ".productId", "must be positive"));
				}
				continue;
			}
			if (item.getDescription() == null || item.getUnitAmount() == null) {
				violations.add(new Violation(field, "must have either productId or description with unitAmount"));
				continue;
			}
			if (item.getDescription().isBlank() || item.getDescription().length() > MAX_DESCRIPTION) {
				violations.add(new Violation(field + ".description", "must be 1 to " + MAX_DESCRIPTION + " characters"));
			}
			if (item.getUnitAmount() < 1 || item.getUnitAmount() > MAX_TOTAL) {
				violations.add(new Violation(field + ".unitAmount", "must be between 1 and " + MAX_TOTAL));
			}
			else if (item.getQuantity() >= 1 && item.getQuantity() <= MAX_QUANTITY) {
				customTotal += item.getUnitAmount() * item.getQuantity();
			}
		}
		if (customTotal > MAX_TOTAL) {
			violations.add(new Violation("lineItems", "invoice total must be at most " + MAX_TOTAL));
		}
	}

	private void checkPayment(ExternalPayment payment, List<Violation> violations) {
		if (payment == null) {
			return;
		}
		if (payment.getReference() != null && payment.getReference().length() > MAX_REFERENCE) {
			violations.add(new Violation("paidExternally.reference", "must be at most " + MAX_REFERENCE + " characters"));
		}
		if (payment.getPaidAt().isAfter(this.clock.instant().plus(this.clockSkew))) {
			violations.add(new Violation("paidExternally.paidAt", "must not be in the future"));
		}
	}

}
