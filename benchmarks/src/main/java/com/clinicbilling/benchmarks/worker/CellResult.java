package com.clinicbilling.benchmarks.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.clinicbilling.benchmarks.report.Stats;

/** The drains of one pool size and batch size, or why there are none. */
final class CellResult {

	final int pool;

	final int batch;

	final int commands;

	final int patients;

	final List<DrainMeter.Drain> drains = new ArrayList<>();

	List<StatementStats.Row> statements = List.of();

	CpuMeter.Usage cpu = CpuMeter.Usage.none();

	/** Per repetition: the drain's rate over the raw ceiling measured right after it. */
	final List<Double> ceilingRatios = new ArrayList<>();

	/** Per repetition: the same batches through the worker's processor directly, without Kafka. */
	final List<Double> directRates = new ArrayList<>();

	/** Per repetition: the drain's rate over the direct rate measured right after it. */
	final List<Double> directRatios = new ArrayList<>();

	/** Per repetition: the drain's rate over one transaction per command measured right after it. */
	final List<Double> perCommandRatios = new ArrayList<>();

	Duration startup;

	String failure;

	CellResult(int pool, int batch, int commands, int patients) {
		this.pool = pool;
		this.batch = batch;
		this.commands = commands;
		this.patients = patients;
	}

	/** Invoices of all drains, complete or not: the denominator of per-invoice statement costs. */
	long invoices() {
		return this.drains.stream().mapToLong(DrainMeter.Drain::invoices).sum();
	}

	Stats rate() {
		return Stats.of(this.drains.stream()
			.filter(DrainMeter.Drain::complete)
			.map(DrainMeter.Drain::invoicesPerSecond)
			.toList());
	}

	Stats drainSeconds() {
		return Stats.of(this.drains.stream()
			.filter(DrainMeter.Drain::complete)
			.map((d) -> d.drainTime().toNanos() / 1e9)
			.toList());
	}

	Stats firstRowMillis() {
		return Stats.of(this.drains.stream().map((d) -> (double) d.timeToFirstRow().toMillis()).toList());
	}

	ConnectionActivity activity() {
		ConnectionActivity all = new ConnectionActivity();
		this.drains.forEach((d) -> all.addAll(d.activity()));
		return all;
	}

	String outcomes() {
		if (this.failure != null) {
			return "failed: " + this.failure;
		}
		long complete = this.drains.stream().filter(DrainMeter.Drain::complete).count();
		return (complete == this.drains.size()) ? "all CREATED"
				: complete + " of " + this.drains.size() + " complete; "
						+ this.drains.stream().map(DrainMeter.Drain::outcomes).toList();
	}

}
