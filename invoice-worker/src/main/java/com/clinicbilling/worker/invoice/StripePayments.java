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
 */
@Repository
class StripePayments {

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
			this.jdbc.query((con) -> statement(con, """
					select i.clinic_id, i.id, i.status, i.amount, i.amount_due, i.amount_paid, i.currency, i.stripe_invoice_id
					from unnest(?::bigint[], ?::text[]) as s(clinic_id, stripe_invoice_id)
					join invoices i on i.clinic_id = s.clinic_id and i.stripe_invoice_id = s.stripe_invoice_id
					""", bigints(con, map(mirrors, CreateInvoice::getClinicId)),
					texts(con, map(mirrors, CreateInvoice::getStripeInvoiceId))), (rs) -> {
						local.put(new StripeKey(rs.getLong("clinic_id"), rs.getString("stripe_invoice_id")),
								InvoiceSummary.newBuilder()
									.setId(rs.getLong("id"))
									.setStatus(InvoiceStatus.valueOf(rs.getString("status")))
									.setAmount(rs.getLong("amount"))
									.setAmountDue(rs.getLong("amount_due"))
									.setAmountPaid(rs.getLong("amount_paid"))
									.setCurrency(rs.getString("currency"))
									.setStripeInvoiceId(rs.getString("stripe_invoice_id"))
									.build());
					});
		}
		return new Batch(local);
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
					update invoices i set status = 'PAID', amount_paid = i.amount, amount_due = 0
					from unnest(?::bigint[]) as p(id) where i.id = p.id
					""", bigints(con, ids)));
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
