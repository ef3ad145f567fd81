package com.clinicbilling.worker.intake;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureClassTest {

	@ParameterizedTest(name = "{0} is {1}")
	@CsvSource({
			// connection, rollback (deadlock, serialization), resources, shutdown, I/O, lock not available
			"08006, TRANSIENT", "08001, TRANSIENT", "40001, TRANSIENT", "40P01, TRANSIENT", "53300, TRANSIENT",
			"57P01, TRANSIENT", "57014, TRANSIENT", "58030, TRANSIENT", "55P03, TRANSIENT",
			// a unique key a concurrent writer took: the retry finds it recorded
			"23505, TRANSIENT",
			// data exceptions: NUL or a bad byte sequence, a value too long, out of range
			"22021, DATA", "22P05, DATA", "22001, DATA", "22003, DATA", "22023, DATA",
			// integrity other than unique, program limits, a value of the wrong type
			"23502, DATA", "23503, DATA", "23514, DATA", "54000, DATA", "42804, DATA",
			// the deployment's fault, not the command's: retried and reported, never rejected
			"42601, UNKNOWN", "42P01, UNKNOWN", "42703, UNKNOWN", "42501, UNKNOWN", "XX000, UNKNOWN",
			"55000, UNKNOWN" })
	void classifiesBySqlState(String sqlState, FailureClass expected) {
		SQLException refused = new SQLException("refused", sqlState);

		assertThat(FailureClass.ofSqlState(sqlState)).isEqualTo(expected);
		assertThat(FailureClass.of(new UncategorizedSQLException("insert", "insert ...", refused))).isEqualTo(expected);
	}

	@Test
	void trustsTheSqlStateOverSpringsTranslation() {
		// Spring calls a taken unique key an integrity violation; it is a race the retry answers.
		assertThat(FailureClass.of(new DuplicateKeyException("dup", new SQLException("dup", "23505"))))
			.isEqualTo(FailureClass.TRANSIENT);
		assertThat(FailureClass.of(new BadSqlGrammarException("insert", "insert ...", new SQLException("x", "42703"))))
			.isEqualTo(FailureClass.UNKNOWN);
	}

	@Test
	void takesANoConnectionForTransient() {
		var noConnection = new CannotCreateTransactionException("no connection", new CannotGetJdbcConnectionException(
				"pool", new SQLTransientConnectionException("Connection is not available, request timed out")));

		assertThat(FailureClass.of(noConnection)).isEqualTo(FailureClass.TRANSIENT);
	}

	@Test
	void takesSpringsTransientExceptionsAndTheConcurrentlyRecordedRetryForTransient() {
		assertThat(FailureClass.of(new TransientDataAccessResourceException("Idempotency keys recorded concurrently")))
			.isEqualTo(FailureClass.TRANSIENT);
		assertThat(FailureClass.of(new CannotAcquireLockException("lock"))).isEqualTo(FailureClass.TRANSIENT);
	}

	@Test
	void takesAKafkaTimeoutPublishingStatusesForTransient() {
		var publishing = new IllegalStateException("Publishing 3 statuses failed",
				new ExecutionException(new TimeoutException("Expiring 3 record(s)")));

		assertThat(FailureClass.of(publishing)).isEqualTo(FailureClass.TRANSIENT);
		assertThat(FailureClass.of(new IllegalStateException("Publishing failed",
				new java.util.concurrent.TimeoutException()))).isEqualTo(FailureClass.TRANSIENT);
	}

	@Test
	void takesAnIntegrityViolationWithoutSqlStateForData() {
		assertThat(FailureClass.of(new DataIntegrityViolationException("refused"))).isEqualTo(FailureClass.DATA);
	}

	@Test
	void knowsNothingOfABug() {
		assertThat(FailureClass.of(new NullPointerException())).isEqualTo(FailureClass.UNKNOWN);
		assertThat(FailureClass.of(new IllegalStateException("boom", new SQLException("no state"))))
			.isEqualTo(FailureClass.UNKNOWN);
	}

}
