package com.clinicbilling.worker.invoice;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.clinicbilling.schemas.RequestState;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import static com.clinicbilling.worker.invoice.BatchSql.SUMMARY_COLUMNS;
import static com.clinicbilling.worker.invoice.BatchSql.bigints;
import static com.clinicbilling.worker.invoice.BatchSql.instant;
import static com.clinicbilling.worker.invoice.BatchSql.summaryOrNull;
import static com.clinicbilling.worker.invoice.BatchSql.texts;
import static com.clinicbilling.worker.invoice.BatchSql.timestamp;
import static com.clinicbilling.worker.invoice.BatchSql.timestamps;

/**
 * The worker's reads and writes, each one statement for a whole batch (arrays and
 * {@code unnest}), so a batch costs the same handful of round trips whatever its size.
 */
@Repository
class InvoiceBatchStore {

	private final JdbcClient jdbc;

	InvoiceBatchStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Serialises transactions that touch the same patient, so the duplicate rules hold across
	 * partitions and worker instances. Locks are taken in key order, so two batches cannot deadlock.
	 */
	void lockPatients(Collection<Long> lockKeys) {
		this.jdbc
			.sql("select pg_advisory_xact_lock(k) from (select distinct k from unnest(?::bigint[]) k order by k) s")
			.param(bigints(lockKeys, (k) -> k))
			.query((RowCallbackHandler) (rs) -> {
			});
	}

	/**
	 * Takes the locks of {@link #lockPatients} that no other transaction holds, without waiting.
	 * @return the lock keys another transaction holds
	 */
	Set<Long> tryLockPatients(Collection<Long> lockKeys) {
		return new HashSet<>(this.jdbc
			.sql("select k from (select distinct k from unnest(?::bigint[]) k) s where not pg_try_advisory_xact_lock(k)")
			.param(bigints(lockKeys, (k) -> k))
			.query(Long.class)
			.list());
	}

	List<StoredRequest> findRequests(List<Long> clinicIds, List<String> idempotencyKeys) {
		return this.jdbc.sql("""
				select r.*, %s from invoice_requests r
				join unnest(?::bigint[], ?::text[]) as k(clinic_id, idempotency_key)
				  on r.clinic_id = k.clinic_id and r.idempotency_key = k.idempotency_key
				left join invoices i on i.id = r.invoice_id
				""".formatted(SUMMARY_COLUMNS))
			.params(bigints(clinicIds, (id) -> id), texts(idempotencyKeys, (key) -> key))
			.query((rs, n) -> new StoredRequest(rs.getLong("clinic_id"), rs.getString("idempotency_key"),
					rs.getString("request_id"), rs.getString("body_fingerprint"),
					RequestState.valueOf(rs.getString("outcome")), summaryOrNull(rs), rs.getString("duplicate_rule"),
					rs.getString("error_code"), rs.getString("error_message"), instant(rs, "completed_at")))
			.list();
	}

	/** Clinic of each patient that exists among the given ids. */
	Map<Long, Long> findPatientClinics(Set<Long> patientIds) {
		Map<Long, Long> clinics = new HashMap<>();
		this.jdbc.sql("select id, clinic_id from patients where id = any(?::bigint[])")
			.param(bigints(patientIds, (id) -> id))
			.query((RowCallbackHandler) (rs) -> clinics.put(rs.getLong("id"), rs.getLong("clinic_id")));
		return clinics;
	}

	Map<Long, Product> findProducts(Set<Long> productIds) {
		Map<Long, Product> products = new HashMap<>();
		this.jdbc.sql("select id, clinic_id, name, unit_amount, currency from products where id = any(?::bigint[])")
			.param(bigints(productIds, (id) -> id))
			.query((RowCallbackHandler) (rs) -> products.put(rs.getLong("id"), new Product(rs.getLong("id"),
					rs.getLong("clinic_id"), rs.getString("name"), rs.getLong("unit_amount"), rs.getString("currency"))));
		return products;
	}

	/**
	 * The invoices the duplicate rules could match for these drafts: same clinic and patient, and
	 * the same order since {@code sameOrderFrom} or the same amount since {@code sameAmountFrom}.
	 * Only candidates are read (through the two duplicate-check indexes), never a patient's history.
	 */
	List<RecentInvoice> findDuplicateCandidates(List<InvoiceDraft> drafts, Instant sameOrderFrom,
			Instant sameAmountFrom) {
		return this.jdbc.sql("""
				select distinct on (i.id) i.clinic_id, i.patient_id, i.order_id, i.created_at, %s
				from unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[]) as c(clinic_id, patient_id, order_id, amount)
				join invoices i on i.clinic_id = c.clinic_id and i.patient_id = c.patient_id
				  and ((i.order_id = c.order_id and i.created_at >= ?) or (i.amount = c.amount and i.created_at >= ?))
				""".formatted(SUMMARY_COLUMNS))
			.params(bigints(drafts, (d) -> d.command().getClinicId()), bigints(drafts, (d) -> d.command().getPatientId()),
					bigints(drafts, (d) -> d.command().getOrderId()), bigints(drafts, InvoiceDraft::amount),
					timestamp(sameOrderFrom), timestamp(sameAmountFrom))
			.query((rs, n) -> new RecentInvoice(rs.getLong("clinic_id"), rs.getLong("patient_id"),
					(Long) rs.getObject("order_id"), rs.getLong("amount"), instant(rs, "created_at"), summaryOrNull(rs)))
			.list();
	}

	List<Long> allocateInvoiceIds(int count) {
		return this.jdbc.sql("select nextval('invoices_id_seq') from generate_series(1, ?)")
			.param(count)
			.query(Long.class)
			.list();
	}

	/** Inserts the requests' outcomes; answers how many were new (the rest were taken meanwhile). */
	int insertRequests(List<RequestRow> rows) {
		return this.jdbc.sql("""
				insert into invoice_requests (clinic_id, idempotency_key, request_id, body_fingerprint, outcome,
				  invoice_id, duplicate_rule, error_code, error_message, accepted_at, completed_at)
				select *, ? from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[],
				  ?::text[], ?::text[], ?::text[], ?::timestamptz[])
				on conflict (clinic_id, idempotency_key) do nothing
				""")
			.params(timestamp(rows.get(0).completedAt()), bigints(rows, RequestRow::clinicId),
					texts(rows, RequestRow::idempotencyKey), texts(rows, RequestRow::requestId),
					texts(rows, RequestRow::bodyFingerprint), texts(rows, (r) -> r.outcome().name()),
					bigints(rows, RequestRow::invoiceId), texts(rows, RequestRow::duplicateRule),
					texts(rows, RequestRow::errorCode), texts(rows, RequestRow::errorMessage),
					timestamps(rows, RequestRow::acceptedAt))
			.update();
	}

	record RequestRow(long clinicId, String idempotencyKey, String requestId, String bodyFingerprint,
			RequestState outcome, Long invoiceId, String duplicateRule, String errorCode, String errorMessage,
			Instant acceptedAt, Instant completedAt) {
	}

	void insertInvoices(List<NewInvoice> invoices) {
		InvoiceRows.insert(this.jdbc, invoices);
	}

}
