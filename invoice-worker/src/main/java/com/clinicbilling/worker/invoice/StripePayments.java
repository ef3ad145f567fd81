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

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import static com.clinicbilling.worker.invoice.InvoiceBatchStore.bigints;
import static com.clinicbilling.worker.invoice.InvoiceBatchStore.map;
import static com.clinicbilling.worker.invoice.InvoiceBatchStore.statement;
import static com.clinicbilling.worker.invoice.InvoiceBatchStore.texts;
import static com.clinicbilling.worker.invoice.InvoiceBatchStore.timestamp;
import static com.clinicbilling.worker.invoice.InvoiceBatchStore.timestamps;

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

	private final JdbcTemplate jdbc;

	StripePayments(JdbcTemplate jdbc) {
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
			List<LocalInvoice> named = map(mirrors, StripePayments::namedLocalInvoice);
			// By Stripe id first (phase 2 done); the named local invoice when there is none.
			this.jdbc.query((con) -> statement(con, """
					with m (clinic_id, stripe_invoice_id, patient_id, invoice_id, request_id) as (
					  select * from unnest(?::bigint[], ?::text[], ?::bigint[], ?::bigint[], ?::text[]))
					select 0 as preference, m.stripe_invoice_id as paid_by, i.*
					from m join invoices i on i.clinic_id = m.clinic_id and i.stripe_invoice_id = m.stripe_invoice_id
					union all
					select 1, m.stripe_invoice_id, i.*
					from m join invoices i on i.id = m.invoice_id and i.clinic_id = m.clinic_id and i.patient_id = m.patient_id
					join stripe_invoices s on s.invoice_id = i.id and s.request_id is not distinct from m.request_id
					where coalesce(s.stripe_invoice_id, m.stripe_invoice_id) = m.stripe_invoice_id
					  and coalesce(i.stripe_invoice_id, m.stripe_invoice_id) = m.stripe_invoice_id
					order by preference
					""", bigints(con, map(mirrors, CreateInvoice::getClinicId)),
					texts(con, map(mirrors, CreateInvoice::getStripeInvoiceId)),
					bigints(con, map(mirrors, CreateInvoice::getPatientId)),
					bigints(con, map(named, (n) -> (n != null) ? n.getInvoiceId() : null)),
					texts(con, map(named, (n) -> (n != null) ? n.getRequestId() : null))), (rs) -> {
						local.putIfAbsent(new StripeKey(rs.getLong("clinic_id"), rs.getString("paid_by")),
								InvoiceSummary.newBuilder()
									.setId(rs.getLong("id"))
									.setStatus(InvoiceStatus.valueOf(rs.getString("status")))
									.setAmount(rs.getLong("amount"))
									.setAmountDue(rs.getLong("amount_due"))
									.setAmountPaid(rs.getLong("amount_paid"))
									.setCurrency(rs.getString("currency"))
									.setStripeInvoiceId(rs.getString("paid_by"))
									.build());
					});
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
			List<Long> ids = map(this.payments, (p) -> p.invoice().getId());
			jdbc.update((con) -> statement(con, """
					update invoices i set status = 'PAID', amount_paid = i.amount, amount_due = 0,
					  stripe_invoice_id = p.stripe_invoice_id
					from unnest(?::bigint[], ?::text[]) as p(id, stripe_invoice_id) where i.id = p.id
					""", bigints(con, ids), texts(con, map(this.payments, (p) -> p.invoice().getStripeInvoiceId()))));
			jdbc.update((con) -> statement(con, """
					insert into payments (created_at, invoice_id, amount, currency, method, reference, paid_at)
					select ?, * from unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])
					""", timestamp(now), bigints(con, ids),
					bigints(con, map(this.payments, (p) -> p.invoice().getAmount())),
					texts(con, map(this.payments, (p) -> p.invoice().getCurrency())),
					texts(con, map(this.payments, (p) -> p.payment().getMethod().name())),
					texts(con, map(this.payments, (p) -> p.payment().getReference())),
					timestamps(con, map(this.payments, (p) -> p.payment().getPaidAt()))));
		}

	}

}
