package com.clinicbilling.worker.intake;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Why a batch failed, decided by its cause rather than by hope: the one place that tells a failure
 * that heals (retried without end) from one that is a property of a command (never retried).
 *
 * <p>PostgreSQL's SQLSTATE decides first, where there is one: it names the cause exactly, whatever
 * Spring translated it to.
 */
enum FailureClass {

	/** Heals by itself: connection loss, time-outs, deadlocks, serialization failures, a restart. */
	TRANSIENT,

	/** The database refuses this command's data and will refuse it again: split the batch, reject it. */
	DATA,

	/** No rule knows it (a bug, a bad deployment): retried, and reported once it lasts. */
	UNKNOWN;

	/** 08 connection, 40 rollback (deadlock, serialization), 53 resources, 57 shutdown/cancel, 58 I/O. */
	private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");

	/** 22 data exception, 23 integrity constraint, 54 program limit (e.g. a value too large to index). */
	private static final Set<String> DATA_CLASSES = Set.of("22", "23", "54");

	/** 55P03 lock not available; 23505 a unique key taken by a concurrent writer: the retry finds it. */
	private static final Set<String> TRANSIENT_STATES = Set.of("55P03", "23505");

	/**
	 * Class 42 codes the data of a command can cause (a value of the wrong type, a number out of
	 * range). Syntax errors, undefined tables or columns and missing privileges are properties of the
	 * deployment, not of a command: rejecting on them would reject every command of a bad release.
	 */
	private static final Set<String> DATA_STATES = Set.of("42804", "42P18", "42846");

	static FailureClass of(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql && ofSqlState(sql.getSQLState()) != UNKNOWN) {
				return ofSqlState(sql.getSQLState());
			}
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			FailureClass decided = ofType(cause);
			if (decided != UNKNOWN) {
				return decided;
			}
		}
		return UNKNOWN;
	}

	/** Of an SQLSTATE alone (null when the driver gave none). */
	static FailureClass ofSqlState(String sqlState) {
		if (sqlState == null || sqlState.length() != 5) {
			return UNKNOWN;
		}
		if (TRANSIENT_STATES.contains(sqlState)) {
			return TRANSIENT;
		}
		if (DATA_STATES.contains(sqlState)) {
			return DATA;
		}
		String sqlClass = sqlState.substring(0, 2);
		if (TRANSIENT_CLASSES.contains(sqlClass)) {
			return TRANSIENT;
		}
		return DATA_CLASSES.contains(sqlClass) ? DATA : UNKNOWN;
	}

	private static FailureClass ofType(Throwable cause) {
		if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
				|| cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
				|| cause instanceof RetriableException || cause instanceof TimeoutException) {
			// Includes InvoiceBatchProcessor's "recorded concurrently" retry and Kafka's publishing time-outs.
			return TRANSIENT;
		}
		// Spring's translation, for a cause without an SQLException (a store that throws it itself).
		return (cause instanceof DataIntegrityViolationException) ? DATA : UNKNOWN;
	}

}
