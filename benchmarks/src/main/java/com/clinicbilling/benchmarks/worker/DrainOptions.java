package com.clinicbilling.benchmarks.worker;

import java.time.Duration;
import java.util.List;

import com.clinicbilling.benchmarks.report.CommandLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Settings of one run of the drain benchmark. Every load is bounded in count (the N commands) and
 * in time ({@code --drain-timeout-seconds}). Options without a value here default by {@code --quick}.
 */
@Command(name = "benchmarks/run.sh worker", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Worker drain rate per pool and batch size, with its raw and per-command baselines.")
final class DrainOptions extends CommandLines.Scaled {

	@Option(names = "--pools", split = ",", defaultValue = "1,2,4",
			description = "worker concurrency values (consumer threads = connections); default ${DEFAULT-VALUE}")
	List<Integer> pools;

	@Option(names = "--batches", split = ",", defaultValue = "1,100,500",
			description = "worker batch sizes (max.poll.records); default ${DEFAULT-VALUE}")
	List<Integer> batches;

	@Option(names = "--repetitions", description = "measured drains per cell, the median is reported (3; quick 1)")
	Integer repetitions;

	@Option(names = "--commands", description = "commands per drain for batch sizes above 1 (20000; quick 2000)")
	Integer commands;

	@Option(names = "--commands-batch-of-one", description = "commands per drain at batch size 1 (2000; quick 200)")
	Integer commandsBatchOfOne;

	@Option(names = "--per-command-invoices",
			description = "invoices of the one-transaction-per-command baseline (3000; quick 500)")
	Integer perCommandInvoices;

	@Option(names = "--patients", description = "patients per benchmark clinic: one invoice each, as a backlog of "
			+ "many clinics' ordinary work has (20000; quick 2000)")
	Integer patients;

	@Option(names = "--hot-patients", description = "patients of the extra \"hot patients\" cells (pool above 1, "
			+ "batch 500), where concurrent batches share patients; 0 for none (1000; quick 100)")
	Integer hotPatients;

	@Option(names = "--drain-timeout-seconds", description = "longest wait for one drain (240; quick 60)")
	Integer drainTimeoutSeconds;

	@Option(names = "--synchronous-commit", defaultValue = "on", description = "PostgreSQL's synchronous_commit: "
			+ "on (its default, as in production) or off (zonky's, which hides the cost of each commit)")
	String synchronousCommit;

	@Option(names = "--fsync", defaultValue = "on", description = "PostgreSQL's fsync: on (as in production) or off")
	String fsync;

	@Override
	public void check() {
		this.repetitions = this.quick.or(this.repetitions, 3, 1);
		this.commands = this.quick.or(this.commands, 20_000, 2_000);
		this.commandsBatchOfOne = this.quick.or(this.commandsBatchOfOne, 2_000, 200);
		this.perCommandInvoices = this.quick.or(this.perCommandInvoices, 3_000, 500);
		this.patients = this.quick.or(this.patients, 20_000, 2_000);
		this.hotPatients = this.quick.or(this.hotPatients, 1_000, 100);
		this.drainTimeoutSeconds = this.quick.or(this.drainTimeoutSeconds, 240, 60);
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

	int commandsFor(int batchSize) {
		return (batchSize == 1) ? this.commandsBatchOfOne : this.commands;
	}

	Duration drainTimeout() {
		return Duration.ofSeconds(this.drainTimeoutSeconds);
	}

}
