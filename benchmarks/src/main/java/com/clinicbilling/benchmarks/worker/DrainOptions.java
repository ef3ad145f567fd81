package com.clinicbilling.benchmarks.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.clinicbilling.benchmarks.report.Arguments;

/**
 * Settings of one run of the drain benchmark, from {@code --name=value} arguments. Every load is
 * bounded in count (the N commands) and in time ({@code drainTimeout}).
 *
 * @param quick a smoke run: everything small, one repetition; its numbers are not for comparison
 * @param pools worker concurrency values (consumer threads = connections)
 * @param batches worker batch sizes ({@code max.poll.records})
 * @param repetitions measured drains per cell; the median is reported
 * @param commands commands drained per repetition for batch sizes above 1
 * @param commandsBatchOfOne commands per repetition for batch size 1, which is far slower
 * @param perCommandInvoices invoices of the one-transaction-per-command baseline
 * @param patients patients per benchmark clinic; by default as many as commands, so a drain has one
 * invoice per patient, as a backlog of many clinics' ordinary work has
 * @param hotPatients patients of the extra "hot patients" cells (pool above 1, batch 500), where
 * each patient has many invoices in the backlog and concurrent batches share patients; 0 for none
 * @param drainTimeout longest wait for one drain before the cell is reported as timed out
 * @param synchronousCommit PostgreSQL's {@code synchronous_commit}: "on" (its default, as in
 * production) or "off" (zonky's default, which hides the cost of each commit)
 * @param fsync PostgreSQL's {@code fsync}: "on" (its default, as in production) or "off" (zonky's)
 * @param output the BENCHMARKS.md to write
 */
record DrainOptions(boolean quick, List<Integer> pools, List<Integer> batches, int repetitions, int commands,
		int commandsBatchOfOne, int perCommandInvoices, int patients, int hotPatients, Duration drainTimeout,
		String synchronousCommit, String fsync, Path output, String command) {

	static DrainOptions parse(String[] args) {
		Arguments values = Arguments.parse(args);
		boolean quick = values.flag("quick");
		DrainOptions options = new DrainOptions(quick, values.integers("pools", "1,2,4"),
				values.integers("batches", "1,100,500"),
				values.integer("repetitions", quick ? 1 : 3), values.integer("commands", quick ? 2_000 : 20_000),
				values.integer("commands-batch-of-one", quick ? 200 : 2_000),
				values.integer("per-command-invoices", quick ? 500 : 3_000), values.integer("patients", quick ? 2_000 : 20_000),
				values.integer("hot-patients", quick ? 100 : 1_000),
				Duration.ofSeconds(values.integer("drain-timeout-seconds", quick ? 60 : 240)),
				values.text("synchronous-commit", "on"), values.text("fsync", "on"),
				Path.of(values.text("output", "BENCHMARKS.md")).toAbsolutePath(),
				values.text("command", "benchmarks/run.sh worker" + (quick ? " --quick" : "")));
		options.validate();
		return options;
	}

	int commandsFor(int batchSize) {
		return (batchSize == 1) ? this.commandsBatchOfOne : this.commands;
	}

	private void validate() {
		if (this.pools.stream().anyMatch((p) -> p < 1) || this.batches.stream().anyMatch((b) -> b < 1)) {
			throw new IllegalArgumentException("--pools and --batches must be positive, were " + this.pools + " and "
					+ this.batches);
		}
		if (this.repetitions < 1 || this.commands < 1 || this.commandsBatchOfOne < 1 || this.perCommandInvoices < 1) {
			throw new IllegalArgumentException("--repetitions and the command counts must be positive");
		}
		if (this.patients < 1 || this.hotPatients < 0) {
			throw new IllegalArgumentException("--patients must be positive and --hot-patients at least 0, were "
					+ this.patients + " and " + this.hotPatients);
		}
		if (!List.of("on", "off").contains(this.fsync)) {
			throw new IllegalArgumentException("--fsync must be on or off, was " + this.fsync);
		}
		if (!List.of("on", "off", "local", "remote_write", "remote_apply").contains(this.synchronousCommit)) {
			throw new IllegalArgumentException("--synchronous-commit must be a PostgreSQL value, was "
					+ this.synchronousCommit);
		}
	}

}
