package com.clinicbilling.gateway.submit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.clinicbilling.schemas.CommandIdentity;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.CreateInvoiceRules;
import com.clinicbilling.schemas.CreateInvoiceRules.Violation;
import com.clinicbilling.schemas.ExternalPayment;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.PaymentMethod;

/**
 * A request turned into the Avro command, with its identity filled in, plus the fields the command
 * cannot carry: a required number the body left out, or an instant beyond what Avro's epoch
 * milliseconds hold (year -999999999). A placeholder stands in for each, and the shared rules'
 * complaint about the placeholder is replaced by the field's own violation.
 */
record CommandDraft(CreateInvoice command, List<Violation> placeholders) {

	static final String DEFAULT_CURRENCY = "usd";

	private static final String REQUIRED = "is required";

	static CommandDraft of(InvoiceRequest request, long clinicId, String idempotencyKey, Instant acceptedAt) {
		List<Violation> placeholders = new ArrayList<>();
		if (request.patientId() == null) {
			placeholders.add(new Violation("patientId", REQUIRED));
		}
		CreateInvoice.Builder command = CreateInvoice.newBuilder()
			.setRequestId("")
			.setBodyFingerprint("")
			.setClinicId(clinicId)
			.setIdempotencyKey((idempotencyKey != null) ? idempotencyKey : "")
			.setAcceptedAt(acceptedAt)
			.setSource(CommandSource.API)
			.setPatientId((request.patientId() != null) ? request.patientId() : 0)
			.setOrderId(request.orderId())
			.setCurrency((request.currency() != null) ? request.currency() : DEFAULT_CURRENCY)
			.setLineItems(lineItems(request.lineItems(), placeholders))
			.setMemo(request.memo())
			.setPaidExternally(payment(request.paidExternally(), placeholders))
			.setStripeInvoiceId(null);
		return new CommandDraft(CommandIdentity.identify(command), List.copyOf(placeholders));
	}

	/** The fields with a placeholder, then every rule the command breaks that is not about one of them. */
	List<Violation> violations(CreateInvoiceRules rules) {
		List<Violation> violations = new ArrayList<>(this.placeholders);
		rules.check(this.command).stream().filter((violation) -> !aboutPlaceholder(violation)).forEach(violations::add);
		return violations;
	}

	private boolean aboutPlaceholder(Violation violation) {
		return this.placeholders.stream()
			.map(Violation::field)
			.anyMatch((field) -> violation.field().equals(field) || violation.field().startsWith(field + ".")
					|| violation.field().startsWith(field + "["));
	}

	private static List<LineItem> lineItems(List<InvoiceRequest.Line> lines, List<Violation> placeholders) {
		if (lines == null) {
			return List.of();
		}
		List<LineItem> items = new ArrayList<>(lines.size());
		for (int i = 0; i < lines.size(); i++) {
			InvoiceRequest.Line line = lines.get(i);
			if (line == null) {
				placeholders.add(new Violation("lineItems[" + i + "]", REQUIRED));
				items.add(LineItem.newBuilder().setQuantity(0).build());
				continue;
			}
			if (line.quantity() == null) {
				placeholders.add(new Violation("lineItems[" + i + "].quantity", REQUIRED));
			}
			items.add(LineItem.newBuilder()
				.setProductId(line.productId())
				.setDescription(line.description())
				.setUnitAmount(line.unitAmount())
				.setQuantity((line.quantity() != null) ? line.quantity() : 0)
				.build());
		}
		return items;
	}

	private static ExternalPayment payment(InvoiceRequest.Payment payment, List<Violation> placeholders) {
		if (payment == null) {
			return null;
		}
		if (payment.method() == null) {
			placeholders.add(new Violation("paidExternally.method", REQUIRED));
		}
		Instant paidAt = payment.paidAt();
		if (paidAt == null) {
			placeholders.add(new Violation("paidExternally.paidAt", REQUIRED));
			paidAt = Instant.EPOCH;
		}
		else if (!CreateInvoiceRules.isWithinInstantRange(paidAt)) {
			placeholders.add(CreateInvoiceRules.instantOutOfRange("paidExternally.paidAt"));
			paidAt = Instant.EPOCH;
		}
		return ExternalPayment.newBuilder()
			.setMethod((payment.method() != null) ? payment.method() : PaymentMethod.OTHER)
			.setReference(payment.reference())
			.setPaidAt(paidAt)
			.build();
	}

}
