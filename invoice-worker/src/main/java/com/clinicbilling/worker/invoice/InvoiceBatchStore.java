package com.clinicbilling.worker.invoice;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

/**
 * The worker's reads and writes, each one statement for a whole batch (arrays and
 * {@code unnest}), so a batch costs the same handful of round trips whatever its size.
 */
@Repository
class InvoiceBatchStore {

	private static final String INVOICE_SUMMARY_COLUMNS = "i.id, i.status, i.amount, i.amount_due, i.amount_paid, i.currency, i.stripe_invoice_id";

	private final JdbcTemplate jdbc;

	InvoiceBatchStore(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Serialises transactions that touch the same patient, so the duplicate rules hold across
	 * partitions and worker instances. Locks are taken in key order, so two batches cannot deadlock.
	 */
	void lockPatients(Collection<Long> lockKeys) {
		this.jdbc.query((con) -> statement(con,
				"select pg_advisory_xact_lock(k) from (select distinct k from unnest(?::bigint[]) k order by k) s",
				bigints(con, lockKeys)), (rs) -> {
				});
	}

	List<StoredRequest> findRequests(List<Long> clinicIds, List<String> idempotencyKeys) {
		return this.jdbc.query((con) -> statement(con, """
				select r.*, %s from invoice_requests r
				join unnest(?::bigint[], ?::text[]) as k(clinic_id, idempotency_key)
				  on r.clinic_id = k.clinic_id and r.idempotency_key = k.idempotency_key
				left join invoices i on i.id = r.invoice_id
				""".formatted(INVOICE_SUMMARY_COLUMNS), bigints(con, clinicIds), texts(con, idempotencyKeys)),
				(rs, n) -> new StoredRequest(rs.getLong("clinic_id"), rs.getString("idempotency_key"),
						rs.getString("request_id"), rs.getString("body_fingerprint"),
						RequestState.valueOf(rs.getString("outcome")), summaryOrNull(rs), rs.getString("duplicate_rule"),
						rs.getString("error_code"), rs.getString("error_message"),
						instant(rs, "completed_at")));
	}

	/** Clinic of each patient that exists among the given ids. */
	Map<Long, Long> findPatientClinics(Set<Long> patientIds) {
		Map<Long, Long> clinics = new HashMap<>();
		this.jdbc.query((con) -> statement(con, "select id, clinic_id from patients where id = any(?::bigint[])",
				bigints(con, patientIds)), (rs) -> {
					clinics.put(rs.getLong("id"), rs.getLong("clinic_id"));
				});
		return clinics;
	}

	Map<Long, Product> findProducts(Set<Long> productIds) {
		Map<Long, Product> products = new HashMap<>();
		this.jdbc.query((con) -> statement(con,
				"select id, clinic_id, name, unit_amount, currency from products where id = any(?::bigint[])",
				bigints(con, productIds)), (rs) -> {
					products.put(rs.getLong("id"), new Product(rs.getLong("id"), rs.getLong("clinic_id"),
							rs.getString("name"), rs.getLong("unit_amount"), rs.getString("currency")));
				});
		return products;
	}

	/**
	 * The invoices the duplicate rules could match for these drafts: same clinic and patient, and
	 * the same order since {@code sameOrderFrom} or the same amount since {@code sameAmountFrom}.
	 * Only candidates are read (through the two duplicate-check indexes), never a patient's history.
	 */
	List<RecentInvoice> findDuplicateCandidates(List<InvoiceDraft> drafts, Instant sameOrderFrom,
			Instant sameAmountFrom) {
		List<CreateInvoice> commands = map(drafts, InvoiceDraft::command);
		return this.jdbc.query((con) -> statement(con, """
				select distinct on (i.id) i.clinic_id, i.patient_id, i.order_id, i.created_at, %s
				from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) as c(clinic_id, patient_id, order_id, amount)
				join invoices i on i.clinic_id = c.clinic_id and i.patient_id = c.patient_id
				  and ((i.order_id = c.order_id and i.created_at >= ?) or (i.amount = c.amount and i.created_at >= ?))
				""".formatted(INVOICE_SUMMARY_COLUMNS), bigints(con, map(commands, CreateInvoice::getClinicId)),
				bigints(con, map(commands, CreateInvoice::getPatientId)),
				bigints(con, map(commands, CreateInvoice::getOrderId)), bigints(con, map(drafts, InvoiceDraft::amount)),
				timestamp(sameOrderFrom), timestamp(sameAmountFrom)),
				(rs, n) -> new RecentInvoice(rs.getLong("clinic_id"), rs.getLong("patient_id"),
						(Long) rs.getObject("order_id"), rs.getLong("amount"), instant(rs, "created_at"),
						summaryOrNull(rs)));
	}

	List<Long> allocateInvoiceIds(int count) {
		return this.jdbc.queryForList("select nextval('invoices_id_seq') from generate_series(1, ?)", Long.class,
				count);
	}

	/** Inserts the requests' outcomes; answers how many were new (the rest were taken meanwhile). */
	int insertRequests(List<RequestRow> rows) {
		return this.jdbc.update((con) -> statement(con, """
				insert into invoice_requests (clinic_id, idempotency_key, request_id, body_fingerprint, outcome,
				  invoice_id, duplicate_rule, error_code, error_message, accepted_at, completed_at)
				select *, ? from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[],
				  ?::text[], ?::text[], ?::text[], ?::timestamptz[])
				on conflict (clinic_id, idempotency_key) do nothing
				""", timestamp(rows.get(0).completedAt()), bigints(con, map(rows, RequestRow::clinicId)),
				texts(con, map(rows, RequestRow::idempotencyKey)), texts(con, map(rows, RequestRow::requestId)),
				texts(con, map(rows, RequestRow::bodyFingerprint)), texts(con, map(rows, (r) -> r.outcome().name())),
				bigints(con, map(rows, RequestRow::invoiceId)), texts(con, map(rows, RequestRow::duplicateRule)),
				texts(con, map(rows, RequestRow::errorCode)), texts(con, map(rows, RequestRow::errorMessage)),
				timestamps(con, map(rows, RequestRow::acceptedAt))));
	}

	record RequestRow(long clinicId, String idempotencyKey, String requestId, String bodyFingerprint,
			RequestState outcome, Long invoiceId, String duplicateRule, String errorCode, String errorMessage,
			Instant acceptedAt, Instant completedAt) {
	}

	void insertInvoices(List<NewInvoice> invoices) {
		InvoiceRows.insert(this.jdbc, invoices);
	}

	private static InvoiceSummary summaryOrNull(ResultSet rs) throws SQLException {
		long id = rs.getLong("id");
		if (rs.wasNull()) {
			return null;
		}
		return InvoiceSummary.newBuilder()
			.setId(id)
			.setStatus(InvoiceStatus.valueOf(rs.getString("status")))
			.setAmount(rs.getLong("amount"))
			.setAmountDue(rs.getLong("amount_due"))
			.setAmountPaid(rs.getLong("amount_paid"))
			.setCurrency(rs.getString("currency"))
			.setStripeInvoiceId(rs.getString("stripe_invoice_id"))
			.build();
	}

	static PreparedStatement statement(Connection con, String sql, Object... parameters) throws SQLException {
		PreparedStatement statement = con.prepareStatement(sql);
		for (int i = 0; i < parameters.length; i++) {
			statement.setObject(i + 1, parameters[i]);
		}
		return statement;
	}

	static Array bigints(Connection con, Collection<Long> values) throws SQLException {
		return con.createArrayOf("bigint", values.toArray());
	}

	static Array texts(Connection con, Collection<String> values) throws SQLException {
		return con.createArrayOf("text", values.toArray());
	}

	/**
	 * An instant as the driver writes it without any calendar: {@code java.sql.Timestamp} goes
	 * through the Julian calendar before 1583 and drops the era of a BC year.
	 */
	static OffsetDateTime timestamp(Instant instant) {
		return instant.atOffset(ZoneOffset.UTC);
	}

	static Instant instant(ResultSet rs, String column) throws SQLException {
		return rs.getObject(column, OffsetDateTime.class).toInstant();
	}

	/**
	 * The driver writes the elements of an array as their {@code toString()}; ISO-8601 text is what
	 * PostgreSQL reads back unchanged (the rules keep every instant within years 2000 to 9999).
	 */
	static Array timestamps(Connection con, Collection<Instant> values) throws SQLException {
		return con.createArrayOf("timestamptz", values.stream().map(Instant::toString).toArray());
	}

	static <T, R> List<R> map(List<T> rows, java.util.function.Function<T, R> column) {
		return rows.stream().map(column).toList();
	}

}
