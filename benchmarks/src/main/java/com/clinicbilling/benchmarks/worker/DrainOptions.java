package com.clinicbilling.benchmarks.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Unknown argument '" + arg + "': expected --name or --name=value");
			}
			int equals = arg.indexOf('=');
			values.put((equals < 0) ? arg.substring(2) : arg.substring(2, equals),
					(equals < 0) ? "true" : arg.substring(equals + 1));
		}
		boolean quick = Boolean.parseBoolean(values.getOrDefault("quick", "false"));
		DrainOptions options = new DrainOptions(quick, ints(values.getOrDefault("pools", "1,2,4")),
				ints(values.getOrDefault("batches", "1,100,500")),
				integer(values, "repetitions", quick ? 1 : 3), integer(values, "commands", quick ? 2_000 : 20_000),
				integer(values, "commands-batch-of-one", quick ? 200 : 2_000),
				integer(values, "per-command-invoices", quick ? 500 : 3_000), integer(values, "patients", quick ? 2_000 : 20_000),
				integer(values, "hot-patients", quick ? 100 : 1_000),
				Duration.ofSeconds(integer(values, "drain-timeout-seconds", quick ? 60 : 240)),
				values.getOrDefault("synchronous-commit", "on"), values.getOrDefault("fsync", "on"),
				Path.of(values.getOrDefault("output", "BENCHMARKS.md")).toAbsolutePath(),
				values.getOrDefault("command", "benchmarks/run.sh worker" + (quick ? " --quick" : "")));
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

	private static List<Integer> ints(String csv) {
		return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::valueOf).toList();
	}

	private static int integer(Map<String, String> values, String name, int fallback) {
		String value = values.get(name);
		try {
			return (value != null) ? Integer.parseInt(value) : fallback;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'", ex);
		}
	}

}
