package com.clinicbilling.schemas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 *
 * <p>Nothing PostgreSQL cannot store gets past them: text is valid Unicode (no lone surrogate)
 * without control characters ({@link #isPlainText}, {@link #isFreeText}), and every instant lies
 * between {@link #EARLIEST_INSTANT} and {@link #LATEST_INSTANT} ({@code paidAt} also not in the
 * future), well inside what Avro's {@code timestamp-millis} and PostgreSQL's {@code timestamptz}
 * hold, and after 1582, where the Julian and Gregorian calendars agree.
 */
public final class CreateInvoiceRules {

	public static final long MAX_TOTAL = 99_999_999L;

	public static final int MAX_LINE_ITEMS = 100;

	public static final int MAX_QUANTITY = 1_000;

	public static final int MAX_DESCRIPTION = 200;

	public static final int MAX_MEMO = 500;

	public static final int MAX_REFERENCE = 255;

	public static final int MAX_IDEMPOTENCY_KEY = 255;

	public static final int MAX_STRIPE_INVOICE_ID = 255;

	/** The earliest {@code paidAt} and {@code acceptedAt}: no invoice of this system is older. */
	public static final Instant EARLIEST_INSTANT = Instant.parse("2000-01-01T00:00:00Z");

	/**
	 * A ceiling no clock skew reaches: an instant after it cannot even be written into the command
	 * (Avro keeps epoch milliseconds in a long), so the gateway refuses it before building one.
	 */
	public static final Instant LATEST_INSTANT = Instant.parse("9999-12-31T23:59:59Z");

	private static final String PLAIN_TEXT = "must hold no control character and no lone surrogate";

	private static final String FREE_TEXT = "must hold no control character but TAB, LF and CR, and no lone surrogate";

	private static final String INSTANT_RANGE = "must lie between " + EARLIEST_INSTANT + " and now";

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

	/**
	 * Text of one line (a reference, an id): valid Unicode without any control character (C0,
	 * DEL, C1). PostgreSQL's {@code text} cannot hold NUL, and a lone surrogate would reach it as
	 * {@code ?} (Avro encodes strings as UTF-8).
	 */
	public static boolean isPlainText(String text) {
		return isText(text, false);
	}

	/** Free text (memo, line description): as {@link #isPlainText}, but TAB, LF and CR are kept. */
	public static boolean isFreeText(String text) {
		return isText(text, true);
	}

	private static boolean isText(String text, boolean lineBreaks) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c) || (Character.isISOControl(c)
					&& !(lineBreaks && (c == '\t' || c == '\n' || c == '\r')))) {
				return false;
			}
		}
		return true;
	}

	/** Whether an instant may stand in a command at all; {@link #check} also wants it not in the future. */
	public static boolean isWithinInstantRange(Instant instant) {
		return !instant.isBefore(EARLIEST_INSTANT) && !instant.isAfter(LATEST_INSTANT);
	}

	/** The violation of an instant too far out to be put into a command at all. */
	public static Violation instantOutOfRange(String field) {
		return new Violation(field, INSTANT_RANGE);
	}

	public List<Violation> check(CreateInvoice command) {
		List<Violation> violations = checkEnvelope(command);
		if (command.getClinicId() <= 0) {
			violations.add(new Violation("clinicId", "must be positive"));
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
		else if (command.getMemo() != null && !isFreeText(command.getMemo())) {
			violations.add(new Violation("memo", FREE_TEXT));
		}
		checkPayment(command.getPaidExternally(), violations);
		String stripeInvoiceId = command.getStripeInvoiceId();
		if (stripeInvoiceId != null && (stripeInvoiceId.isEmpty() || stripeInvoiceId.length() > MAX_STRIPE_INVOICE_ID
				|| !isPlainText(stripeInvoiceId))) {
			violations.add(new Violation("stripeInvoiceId",
					"must be 1 to " + MAX_STRIPE_INVOICE_ID + " characters with no control character or lone surrogate"));
		}
		return violations;
	}

	/**
	 * What the worker records of every command, also of one it rejects: its key, its request id and
	 * when it was accepted. A command breaking these is answered without being recorded.
	 */
	public List<Violation> checkEnvelope(CreateInvoice command) {
		List<Violation> violations = new ArrayList<>();
		if (!isValidIdempotencyKey(command.getIdempotencyKey())) {
			violations.add(new Violation("Idempotency-Key", "must be 1-255 visible ASCII characters"));
		}
		else if (!command.getRequestId().equals(CommandIdentity.requestId(command.getClinicId(),
				command.getIdempotencyKey(), command.getBodyFingerprint()))) {
			violations.add(new Violation("requestId", "must be derived from clinic, key and fingerprint by CommandIdentity"));
		}
		// Not checked against the clock: a replay or a producer whose clock runs ahead is no reason to refuse.
		if (!isWithinInstantRange(command.getAcceptedAt())) {
			violations.add(new Violation("acceptedAt", "must lie between " + EARLIEST_INSTANT + " and " + LATEST_INSTANT));
		}
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
			else if (!isFreeText(item.getDescription())) {
				violations.add(new Violation(field + ".description", FREE_TEXT));
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
		else if (payment.getReference() != null && !isPlainText(payment.getReference())) {
			violations.add(new Violation("paidExternally.reference", PLAIN_TEXT));
		}
		Instant paidAt = payment.getPaidAt();
		if (!isWithinInstantRange(paidAt) || paidAt.isAfter(this.clock.instant().plus(this.clockSkew))) {
			violations.add(new Violation("paidExternally.paidAt", INSTANT_RANGE));
		}
	}

}
