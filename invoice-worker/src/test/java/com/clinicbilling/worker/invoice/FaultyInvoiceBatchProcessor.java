package com.clinicbilling.worker.invoice;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.worker.system.WorkerProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The real processor, with two faults a test can switch on: a data error the database raises for
 * one specific command (one no rule can foresee), and a failure of every batch for a reason no rule
 * classifies. A failed batch commits nothing, as a rolled-back transaction would.
 */
public class FaultyInvoiceBatchProcessor extends InvoiceBatchProcessor {

	/** A command with this memo is refused as a value too long for its column (SQLSTATE 22001). */
	public static final String REFUSED_MEMO = "refused by the test store";

	/** A command with this memo is refused by the database even as a rejection (its key, say). */
	public static final String UNRECORDABLE_MEMO = "refused by the test store, its rejection too";

	private final AtomicReference<RuntimeException> everyBatchFails = new AtomicReference<>();

	FaultyInvoiceBatchProcessor(InvoiceBatchStore store, TransactionTemplate transaction, Clock clock,
			WorkerProperties properties, StripePayments stripePayments, ObjectProvider<StripeRouting> stripe) {
		super(store, transaction, clock, properties, stripePayments, stripe);
	}

	public void failEveryBatch(RuntimeException failure) {
		this.everyBatchFails.set(failure);
	}

	public void recover() {
		this.everyBatchFails.set(null);
	}

	@Override
	public List<RequestStatus> process(List<CreateInvoice> commands) {
		RuntimeException failure = this.everyBatchFails.get();
		if (failure != null) {
			throw failure;
		}
		if (commands.stream().anyMatch((c) -> REFUSED_MEMO.equals(c.getMemo()) || UNRECORDABLE_MEMO.equals(c.getMemo()))) {
			throw valueTooLong();
		}
		return super.process(commands);
	}

	@Override
	public RequestStatus rejectUnprocessable(CreateInvoice command) {
		if (UNRECORDABLE_MEMO.equals(command.getMemo())) {
			throw valueTooLong();
		}
		return super.rejectUnprocessable(command);
	}

	private static DataIntegrityViolationException valueTooLong() {
		return new DataIntegrityViolationException("insert into invoices ...",
				new SQLException("ERROR: value too long for type character varying(40)", "22001"));
	}

	@TestConfiguration
	public static class Wiring {

		@Bean
		@Primary
		FaultyInvoiceBatchProcessor faultyInvoiceBatchProcessor(InvoiceBatchStore store,
				TransactionTemplate transaction, Clock clock, WorkerProperties properties,
				StripePayments stripePayments, ObjectProvider<StripeRouting> stripe) {
			return new FaultyInvoiceBatchProcessor(store, transaction, clock, properties, stripePayments, stripe);
		}

	}

}
