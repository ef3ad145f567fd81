package com.clinicbilling.stripe;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;

import com.clinicbilling.schemas.CommandIdentity;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.CreateInvoiceRules;
import com.clinicbilling.schemas.ExternalPayment;
import com.clinicbilling.schemas.LocalInvoice;
import com.clinicbilling.schemas.PaymentMethod;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.model.Invoice;

/**
 * A paid Stripe invoice as a {@link CreateInvoice} command: one mapping for the gateway's webhook and
 * the backfill tool, so both make the same command (same body fingerprint, same request id) of one
 * Stripe invoice, and its key {@code stripe:{invoice id}} in the owning clinic makes one local invoice
 * of any number of deliveries and backfills.
 *
 * <p>The invoice is read as JSON, not as stripe-java's model: a webhook event carries the account's
 * API version, which may be older than the one stripe-java is pinned to, and the few fields read here
 * ({@code id}, {@code status}, {@code metadata}, {@code currency}, {@code total}, {@code number},
 * {@code description}, {@code status_transitions.paid_at}, {@code lines}) mean the same in all of
 * them.
 *
 * <p>What a command cannot express is {@link Mapped#ignored() ignored} with a reason: an invoice that
 * is not paid, names no owner in its metadata, or has nothing to pay. Everything else is left to the
 * worker's checks, whose rejections are visible as REJECTED statuses.
 */
public final class StripeInvoiceCommands {

	static final String KEY_PREFIX = "stripe:";

	private static final int MAX_ECHOED = 40;

	private static final String POSITIVE_INTEGER = "[1-9][0-9]{0,17}";

	private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

	private final Set<Long> clinics;

	/** @param clinics the clinics served here; an invoice of another one is ignored. Empty: any. */
	public StripeInvoiceCommands(Set<Long> clinics) {
		this.clinics = Set.copyOf(clinics);
	}

	/** A command, or the reason there is none. */
	public record Mapped(CreateInvoice command, String ignoredReason) {

		static Mapped ignored(String reason) {
			return new Mapped(null, reason);
		}

		public boolean ignored() {
			return this.command == null;
		}

	}

	/** The idempotency key of the commands of one Stripe invoice, in its clinic. */
	public static String idempotencyKey(String stripeInvoiceId) {
		return KEY_PREFIX + stripeInvoiceId;
	}

	/** An invoice of the API version stripe-java is pinned to, as the list API returns it. */
	public Mapped map(Invoice invoice, CommandSource source, Instant acceptedAt) {
		return map(JsonParser.parseString(invoice.toJson()).getAsJsonObject(), source, acceptedAt);
	}

	/** An invoice as Stripe sent it, in any API version. */
	public Mapped map(JsonObject invoice, CommandSource source, Instant acceptedAt) {
		String id = Json.string(invoice, "id");
		if (id == null || id.isBlank()) {
			return Mapped.ignored("the invoice has no id");
		}
		String status = Json.string(invoice, "status");
		if (!"paid".equals(status)) {
			return Mapped.ignored("invoice " + id + " is not paid (status " + status + ")");
		}
		JsonObject metadata = Json.object(invoice, "metadata");
		Owner owner = Owner.of(id, metadata);
		if (owner.problem() != null) {
			return Mapped.ignored(owner.problem());
		}
		if (!this.clinics.isEmpty() && !this.clinics.contains(owner.clinicId())) {
			return Mapped.ignored("clinic " + owner.clinicId() + " of invoice " + id + " is not a known clinic");
		}
		Long paidAt = Json.number(Json.object(invoice, "status_transitions"), "paid_at");
		if (paidAt == null) {
			return Mapped.ignored("invoice " + id + " has no status_transitions.paid_at");
		}
		Long total = Json.number(invoice, "total");
		if (total == null || total <= 0) {
			return Mapped.ignored("invoice " + id + " has nothing to pay (total " + total + ")");
		}
		String currency = Json.string(invoice, "currency");
		if (currency == null || currency.isBlank()) {
			return Mapped.ignored("invoice " + id + " has no currency");
		}
		String memo = Json.string(invoice, "description");
		CreateInvoice.Builder command = CreateInvoice.newBuilder()
			.setClinicId(owner.clinicId())
			.setIdempotencyKey(idempotencyKey(id))
			.setAcceptedAt(acceptedAt.truncatedTo(ChronoUnit.MILLIS))
			.setSource(source)
			.setPatientId(owner.patientId())
			.setOrderId(null)
			.setCurrency(currency.toLowerCase(Locale.ROOT))
			.setLineItems(StripeInvoiceLines.of(invoice, total))
			.setMemo((memo == null || memo.isBlank()) ? null
					: StripeInvoiceLines.truncate(memo.strip(), CreateInvoiceRules.MAX_MEMO))
			.setPaidExternally(ExternalPayment.newBuilder()
				.setMethod(PaymentMethod.STRIPE_NOT_SYNCED)
				.setReference(id)
				.setPaidAt(Instant.ofEpochSecond(paidAt))
				.build())
			.setStripeInvoiceId(id)
			.setLocalInvoice(localInvoice(owner.clinicId(), metadata));
		return new Mapped(CommandIdentity.identify(command), null);
	}

	/**
	 * The local invoice the worker created this Stripe invoice from, as it wrote it in the metadata; none
	 * for invoices made elsewhere or metadata that does not read as ours, which then are paid by their
	 * Stripe id alone, as before. Not part of the body fingerprint (see {@code CommandIdentity}).
	 */
	private static LocalInvoice localInvoice(long clinicId, JsonObject metadata) {
		String invoiceId = Json.string(metadata, StripeMetadata.INVOICE_ID);
		String requestId = Json.string(metadata, StripeMetadata.REQUEST_ID);
		if (invoiceId == null || !invoiceId.strip().matches(POSITIVE_INTEGER)) {
			return null;
		}
		if (requestId != null && !requestId.strip().matches(UUID)) {
			return null;
		}
		return LocalInvoice.newBuilder()
			.setClinicId(clinicId)
			.setInvoiceId(Long.parseLong(invoiceId.strip()))
			.setRequestId((requestId != null) ? requestId.strip() : null)
			.build();
	}

	/** Clinic and patient from the metadata, or why they cannot be read. */
	private record Owner(long clinicId, long patientId, String problem) {

		static Owner of(String invoiceId, JsonObject metadata) {
			String clinic = Json.string(metadata, StripeMetadata.CLINIC_ID);
			String patient = Json.string(metadata, StripeMetadata.PATIENT_ID);
			String problem = problem(invoiceId, StripeMetadata.CLINIC_ID, clinic);
			if (problem == null) {
				problem = problem(invoiceId, StripeMetadata.PATIENT_ID, patient);
			}
			return (problem != null) ? new Owner(0, 0, problem)
					: new Owner(Long.parseLong(clinic.strip()), Long.parseLong(patient.strip()), null);
		}

		private static String problem(String invoiceId, String key, String value) {
			if (value == null || value.isBlank()) {
				return "invoice " + invoiceId + " has no metadata " + key;
			}
			if (!value.strip().matches(POSITIVE_INTEGER)) {
				return "metadata " + key + " of invoice " + invoiceId + " is not a positive integer: '"
						+ StripeInvoiceLines.truncate(value, MAX_ECHOED) + "'";
			}
			return null;
		}

	}

}
