package com.clinicbilling.stripe.backfill;

import java.util.List;

import com.clinicbilling.schemas.CreateInvoice;

/** Where the backfill's commands go; Kafka in production, a list in unit tests. */
interface CommandSink extends AutoCloseable {

	/** Stores the commands with their PENDING statuses: all of them or none; returns once stored. */
	void publish(List<CreateInvoice> commands);

	@Override
	void close();

}
