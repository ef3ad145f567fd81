package com.clinicbilling.worker.invoice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.ExternalPayment;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.LocalInvoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static com.clinicbilling.worker.invoice.BatchSql.bigints;
import static com.clinicbilling.worker.invoice.BatchSql.summaryOrNull;
import static com.clinicbilling.worker.invoice.BatchSql.texts;

/**
 * A command that mirrors a paid Stripe invoice ({@code stripeInvoiceId} set: webhook, backfill)
 * whose clinic already has that invoice, because the worker created it on Stripe, pays the local
 * invoice instead of creating another: status PAID, amounts settled, one payment row. An invoice
 * that is already PAID is left as it is. One read and two writes per batch, in its transaction.
 *
 * <p>The local invoice is the one with that Stripe id, or else the one the command's
 * {@code localInvoice} names (from the metadata the worker wrote on the Stripe invoice), whatever
 * phase its creation on Stripe is in: {@code invoice.paid} can come before phase 2 stored the Stripe
 * id. That one counts only when it is Stripe-bound, of the command's clinic and patient, created by
 * the named request, and bound to no other Stripe invoice; otherwise the command is answered as
 * without it (a new PAID invoice), never by paying another clinic's invoice. Paying it stores the
 * Stripe id on it too; phase 2 then finds it paid and leaves it so.
 */
@Repository
class StripePayments {

	private static final Logger logger = LoggerFactory.getLogger(StripePayments.class);

	/** An invoice's summary columns, its Stripe id the one the mirrored command names. */
	private static final String PAID_BY_COLUMNS = "i.clinic_id, i.id, i.status, i.amount, i.amount_due, i.amount_paid, i.currency, m.stripe_invoice_id";

	private final JdbcClient jdbc;

	StripePayments(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	private record StripeKey(long clinicId, String stripeInvoiceId) {
	}

	private record Payment(InvoiceSummary invoice, ExternalPayment payment) {
	}

	/** The batch's local invoices of the Stripe invoices its drafts mirror. */
	Batch find(Collection<InvoiceDraft> drafts) {
		List<CreateInvoice> mirrors = drafts.stream()
			.map(InvoiceDraft::command)
			.filter((command) -> command.getStripeInvoiceId() != null)
			.toList();
		Map<StripeKey, InvoiceSummary> local = new HashMap<>();
		if (!mirrors.isEmpty()) {
			List<LocalInvoice> named = mirrors.stream().map(StripePayments::namedLocalInvoice).toList();
			// By Stripe id first (phase 2 done); the named local invoice when there is none. Either
			// way the summary carries the Stripe id the invoice has once paid.
			this.jdbc.sql("""
					with m (clinic_id, stripe_invoice_id, patient_id, invoice_id, request_id) as (
					  select * from unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::text[]))
					select 0 as preference, %1$s
					from m join invoices i on i.clinic_id = m.clinic_id and i.stripe_invoice_id = m.stripe_invoice_id
					union all
					select 1, %1$s
					from m join invoices i on i.id = m.invoice_id and i.clinic_id = m.clinic_id and i.patient_id = m.patient_id
					join stripe_invoices s on s.invoice_id = i.id and s.request_id is not distinct from m.request_id
					where coalesce(s.stripe_invoice_id, m.stripe_invoice_id) = m.stripe_invoice_id
					  and coalesce(i.stripe_invoice_id, m.stripe_invoice_id) = m.stripe_invoice_id
					order by preference
					""".formatted(PAID_BY_COLUMNS))
				.params(bigints(mirrors, CreateInvoice::getClinicId), texts(mirrors, CreateInvoice::getStripeInvoiceId),
						bigints(mirrors, CreateInvoice::getPatientId),
						bigints(named, (n) -> (n != null) ? n.getInvoiceId() : null),
						texts(named, (n) -> (n != null) ? n.getRequestId() : null))
				.query((RowCallbackHandler) (rs) -> local.putIfAbsent(
						new StripeKey(rs.getLong("clinic_id"), rs.getString("stripe_invoice_id")), summaryOrNull(rs)));
		}
		return new Batch(local);
	}

	/** The local invoice a command names, if it names one of its own clinic. */
	private static LocalInvoice namedLocalInvoice(CreateInvoice command) {
		LocalInvoice named = command.getLocalInvoice();
		if (named != null && named.getClinicId() != command.getClinicId()) {
			logger.warn("Command requestId={} of clinicId={} names an invoice of clinicId={}; it is not paid",
					command.getRequestId(), command.getClinicId(), named.getClinicId());
			return null;
		}
		return named;
	}

	final class Batch {

		private final Map<StripeKey, InvoiceSummary> local;

		private final List<Payment> payments = new ArrayList<>();

		private Batch(Map<StripeKey, InvoiceSummary> local) {
			this.local = local;
		}

		/** The local invoice this draft pays, as it is once paid; empty when there is none. */
		Optional<InvoiceSummary> pay(InvoiceDraft draft) {
			CreateInvoice command = draft.command();
			if (command.getStripeInvoiceId() == null || command.getPaidExternally() == null) {
				return Optional.empty();
			}
			StripeKey key = new StripeKey(command.getClinicId(), command.getStripeInvoiceId());
			InvoiceSummary invoice = this.local.get(key);
			if (invoice == null || invoice.getStatus() == InvoiceStatus.PAID) {
				return Optional.ofNullable(invoice);
			}
			InvoiceSummary paid = InvoiceSummary.newBuilder(invoice)
				.setStatus(InvoiceStatus.PAID)
				.setAmountPaid(invoice.getAmount())
				.setAmountDue(0)
				.build();
			this.local.put(key, paid);
			this.payments.add(new Payment(paid, command.getPaidExternally()));
			return Optional.of(paid);
		}

		/** Writes what {@link #pay} decided. */
		void record(Instant now) {
			if (this.payments.isEmpty()) {
				return;
			}
			jdbc.sql("""
					update invoices i set status = 'PAID', amount_paid = i.amount, amount_due = 0,
					  stripe_invoice_id = p.stripe_invoice_id
					from unnest(?::bigint[], ?::text[]) as p(id, stripe_invoice_id) where i.id = p.id
					""")
				.params(bigints(this.payments, (p) -> p.invoice().getId()),
						texts(this.payments, (p) -> p.invoice().getStripeInvoiceId()))
				.update();
			InvoiceRows.insertPayments(jdbc, now,
					this.payments.stream()
						.map((p) -> new InvoiceRows.PaymentRow(p.invoice().getId(), p.invoice().getAmount(),
								p.invoice().getCurrency(), p.payment()))
						.toList());
		}

	}

}
