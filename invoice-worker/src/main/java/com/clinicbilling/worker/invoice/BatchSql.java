package com.clinicbilling.worker.invoice;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.function.Function;

import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;

import org.springframework.jdbc.support.SqlArrayValue;

/**
 * The plumbing of the package's set-based statements: a batch's column as one array parameter
 * (the statement unnests it), instants written without a calendar, and the invoice summary as
 * every query reads it.
 */
final class BatchSql {

	/** The columns {@link #summaryOrNull} reads, of an {@code invoices} table aliased {@code i}. */
	static final String SUMMARY_COLUMNS = "i.id, i.status, i.amount, i.amount_due, i.amount_paid, i.currency, i.stripe_invoice_id";

	private BatchSql() {
	}

	static <T> SqlArrayValue bigints(Collection<T> rows, Function<T, ? extends Number> column) {
		return new SqlArrayValue("bigint", rows.stream().map(column).map((n) -> (n != null) ? n.longValue() : null).toArray());
	}

	static <T> SqlArrayValue texts(Collection<T> rows, Function<T, String> column) {
		return new SqlArrayValue("text", rows.stream().map(column).toArray());
	}

	/**
	 * The driver writes the elements of an array as their {@code toString()}; ISO-8601 text is what
	 * PostgreSQL reads back unchanged (the rules keep every instant within years 2000 to 9999).
	 */
	static <T> SqlArrayValue timestamps(Collection<T> rows, Function<T, Instant> column) {
		return new SqlArrayValue("timestamptz", rows.stream().map(column).map(Instant::toString).toArray());
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

	/** The invoice of a row read with {@link #SUMMARY_COLUMNS}; null where an outer join found none. */
	static InvoiceSummary summaryOrNull(ResultSet rs) throws SQLException {
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

}
