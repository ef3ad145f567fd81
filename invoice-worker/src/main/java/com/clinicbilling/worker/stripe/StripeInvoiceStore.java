package com.clinicbilling.worker.stripe;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Stripe stage's reads and its recovery points, each a single statement or a short
 * transaction, never open across a call to Stripe. On a pool of its own, as small as the stage's
 * thread count, so it never takes a connection from the consumer threads of the command batches.
 */
class StripeInvoiceStore implements AutoCloseable {

	private final HikariDataSource pool;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	StripeInvoiceStore(HikariDataSource pool) {
		this.pool = pool;
		this.jdbc = new JdbcTemplate(pool);
		this.transaction = new TransactionTemplate(new DataSourceTransactionManager(pool));
	}

	/** The request whose outcome waits for Stripe: the primary key of {@code invoice_requests}. */
	record RequestKey(long clinicId, String idempotencyKey) {
	}

	Optional<StripeBoundInvoice> load(long invoiceId) {
		List<StripeBoundInvoice.Item> items = this.jdbc.query(
				"select description, unit_amount, quantity from invoice_items where invoice_id = ? order by position",
				(rs, n) -> new StripeBoundInvoice.Item(rs.getString("description"), rs.getLong("unit_amount"),
						rs.getInt("quantity")),
				invoiceId);
		return this.jdbc.query("""
				select s.phase, s.stripe_invoice_id, s.request_id, s.error_code, s.error_message, s.updated_at,
				  i.clinic_id, i.patient_id, i.currency, i.memo, i.status, p.name as patient_name, c.stripe_customer_id
				from stripe_invoices s
				join invoices i on i.id = s.invoice_id
				join patients p on p.id = i.patient_id
				left join stripe_customers c on c.clinic_id = i.clinic_id and c.patient_id = i.patient_id
				where s.invoice_id = ?
				""", (rs, n) -> new StripeBoundInvoice(invoiceId, rs.getLong("clinic_id"), rs.getLong("patient_id"),
				rs.getString("request_id"), rs.getString("patient_name"), rs.getString("currency"), rs.getString("memo"),
				items, "PAID".equals(rs.getString("status")), StripeBoundInvoice.Phase.valueOf(rs.getString("phase")), rs.getString("stripe_customer_id"),
				rs.getString("stripe_invoice_id"), rs.getString("error_code"), rs.getString("error_message"),
				rs.getTimestamp("updated_at").toInstant()), invoiceId).stream().findFirst();
	}

	/** Recovery point: the patient's customer exists on Stripe. The first one stored stays. */
	void saveCustomer(StripeBoundInvoice invoice, String customerId, Instant now) {
		this.jdbc.update("""
				insert into stripe_customers (clinic_id, patient_id, stripe_customer_id, created_at) values (?, ?, ?, ?)
				on conflict (clinic_id, patient_id) do nothing
				""", invoice.clinicId(), invoice.patientId(), customerId, Timestamp.from(now));
	}

	/** Recovery point: Stripe's draft of the invoice exists; a resumed run works on it, never a new one. */
	void recordDraft(long invoiceId, String stripeInvoiceId, Instant now) {
		this.jdbc.update("""
				update stripe_invoices set phase = 'DRAFT', stripe_invoice_id = ?, updated_at = ?
				where invoice_id = ? and phase = 'PENDING'
				""", stripeInvoiceId, Timestamp.from(now), invoiceId);
	}

	/**
	 * The second phase: the invoice is on Stripe; its id goes onto the local invoice. Its status is
	 * left as it is: a paid Stripe invoice may have paid it already, and stays paid.
	 * @return whether the local invoice is paid
	 */
	boolean recordCreated(RequestKey request, long invoiceId, String stripeInvoiceId, Instant now) {
		return Boolean.TRUE.equals(this.transaction.execute((status) -> {
			this.jdbc.update("""
					update stripe_invoices set phase = 'CREATED', stripe_invoice_id = ?, updated_at = ?
					where invoice_id = ? and phase in ('PENDING', 'DRAFT')
					""", stripeInvoiceId, Timestamp.from(now), invoiceId);
			String invoiceStatus = this.jdbc.queryForObject(
					"update invoices set stripe_invoice_id = ? where id = ? returning status", String.class,
					stripeInvoiceId, invoiceId);
			this.jdbc.update("""
					update invoice_requests set completed_at = ?
					where clinic_id = ? and idempotency_key = ? and outcome = 'CREATED'
					""", Timestamp.from(now), request.clinicId(), request.idempotencyKey());
			return "PAID".equals(invoiceStatus);
		}));
	}

	/**
	 * Stripe refused the invoice for good. The local invoice stays (OPEN, never on Stripe) with the
	 * error in its metadata ({@code stripeError}); its request becomes REJECTED with the code, so a
	 * redelivered command is answered the same.
	 */
	void recordRejected(RequestKey request, long invoiceId, StripeFailure failure, Instant now) {
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.update("""
					update stripe_invoices set phase = 'REJECTED', error_code = ?, error_message = ?, updated_at = ?
					where invoice_id = ? and phase in ('PENDING', 'DRAFT')
					""", failure.code(), failure.message(), Timestamp.from(now), invoiceId);
			this.jdbc.update("""
					update invoices set metadata = metadata || jsonb_build_object('stripeError',
					  jsonb_build_object('code', ?::text, 'message', ?::text))
					where id = ?
					""", failure.code(), failure.message(), invoiceId);
			this.jdbc.update("""
					update invoice_requests set outcome = 'REJECTED', error_code = ?, error_message = ?, completed_at = ?
					where clinic_id = ? and idempotency_key = ? and outcome = 'CREATED'
					""", failure.code(), failure.message(), Timestamp.from(now), request.clinicId(),
					request.idempotencyKey());
		});
	}

	/** Invoices not yet CREATED or REJECTED, by phase, and when the oldest of them was recorded. */
	record Backlog(long pending, long draft, Instant oldest) {
	}

	/** One indexed read (005-stripe-backlog.sql) on the stage's own pool, never a consumer's connection. */
	Backlog backlog() {
		return this.jdbc.queryForObject("""
				select count(*) filter (where phase = 'PENDING') as pending, count(*) filter (where phase = 'DRAFT') as draft,
				  min(created_at) as oldest
				from stripe_invoices where phase in ('PENDING', 'DRAFT')
				""", (rs, n) -> new Backlog(rs.getLong("pending"), rs.getLong("draft"),
				(rs.getTimestamp("oldest") != null) ? rs.getTimestamp("oldest").toInstant() : null));
	}

	@Override
	public void close() {
		this.pool.close();
	}

}
