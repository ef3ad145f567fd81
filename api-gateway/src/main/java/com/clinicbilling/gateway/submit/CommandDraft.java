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
 * A request turned into the Avro command, with its identity filled in, plus the required fields the
 * body left out. The command has no place for a missing number, so a placeholder stands in for it and
 * the shared rules' complaint about the placeholder is replaced by "is required".
 */
record CommandDraft(CreateInvoice command, List<Violation> missing) {

	static final String DEFAULT_CURRENCY = "usd";

	private static final String REQUIRED = "is required";

	static CommandDraft of(InvoiceRequest request, long clinicId, String idempotencyKey, Instant acceptedAt) {
		List<Violation> missing = new ArrayList<>();
		if (request.patientId() == null) {
			missing.add(new Violation("patientId", REQUIRED));
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
			.setLineItems(lineItems(request.lineItems(), missing))
			.setMemo(request.memo())
			.setPaidExternally(payment(request.paidExternally(), missing))
			.setStripeInvoiceId(null);
		return new CommandDraft(CommandIdentity.identify(command), List.copyOf(missing));
	}

	/** The missing fields, then every rule the command breaks that is not about a missing field. */
	List<Violation> violations(CreateInvoiceRules rules) {
		List<Violation> violations = new ArrayList<>(this.missing);
		rules.check(this.command).stream().filter((violation) -> !aboutMissingField(violation)).forEach(violations::add);
		return violations;
	}

	private boolean aboutMissingField(Violation violation) {
		return this.missing.stream()
			.map(Violation::field)
			.anyMatch((field) -> violation.field().equals(field) || violation.field().startsWith(field + ".")
					|| violation.field().startsWith(field + "["));
	}

	private static List<LineItem> lineItems(List<InvoiceRequest.Line> lines, List<Violation> missing) {
		if (lines == null) {
			return List.of();
		}
		List<LineItem> items = new ArrayList<>(lines.size());
		for (int i = 0; i < lines.size(); i++) {
			InvoiceRequest.Line line = lines.get(i);
			if (line == null) {
				missing.add(new Violation("lineItems[" + i + "]", REQUIRED));
				items.add(LineItem.newBuilder().setQuantity(0).build());
				continue;
			}
			if (line.quantity() == null) {
				missing.add(new Violation("lineItems[" + i + "].quantity", REQUIRED));
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

	private static ExternalPayment payment(InvoiceRequest.Payment payment, List<Violation> missing) {
		if (payment == null) {
			return null;
		}
		if (payment.method() == null) {
			missing.add(new Violation("paidExternally.method", REQUIRED));
		}
		if (payment.paidAt() == null) {
			missing.add(new Violation("paidExternally.paidAt", REQUIRED));
		}
		return ExternalPayment.newBuilder()
			.setMethod((payment.method() != null) ? payment.method() : PaymentMethod.OTHER)
			.setReference(payment.reference())
			.setPaidAt((payment.paidAt() != null) ? payment.paidAt() : Instant.EPOCH)
			.build();
	}

}
