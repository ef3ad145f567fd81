package com.clinicbilling.benchmarks.worker;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * Marks a timed drain in a flight recording, so a profile can leave out start-up, preloading and
 * the raw baselines (see {@code JfrSummary}).
 */
@Name(DrainEvent.NAME)
@Label("Worker drain")
@Category("Benchmarks")
final class DrainEvent extends Event {

	static final String NAME = "clinicbilling.Drain";

	@Label("Pool")
	int pool;

	@Label("Batch size")
	int batch;

	@Label("Invoices")
	int invoices;

}
