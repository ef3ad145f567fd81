package com.clinicbilling.benchmarks.worker;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.clinicbilling.benchmarks.report.MarkdownTable;
import com.clinicbilling.benchmarks.report.Stats;

import static com.clinicbilling.benchmarks.report.MarkdownTable.count;
import static com.clinicbilling.benchmarks.report.MarkdownTable.decimal;
import static com.clinicbilling.benchmarks.report.MarkdownTable.ratio;

/** The "Worker drain" section of BENCHMARKS.md: tables, ratios and how they were measured. */
final class DrainReport {

	private final DrainOptions options;

	private final List<CellResult> cells;

	private final RawResults raw;

	private final DrainDiagnostics diagnostics;

	DrainReport(DrainOptions options, List<CellResult> cells, RawResults raw) {
		this.options = options;
		this.cells = cells;
		this.raw = raw;
		this.diagnostics = new DrainDiagnostics(cells, raw);
	}

	String markdown(String environment) {
		StringBuilder out = new StringBuilder();
		if (this.options.quick.on()) {
			out.append("> **Quick run** (`--quick`): small counts, one repetition. A smoke test of the benchmark, "
					+ "not numbers to compare.\n\n");
		}
		out.append("### Worker drain rate (median of ").append(this.options.repetitions).append(")\n\n");
		out.append(workerTable()).append('\n');
		out.append("### Raw ceiling on the same PostgreSQL, same run (no Kafka, no decisions)\n\n");
		out.append(rawTable()).append('\n');
		out.append("### Ratios\n\n").append(ratios()).append('\n');
		out.append("### Where the worker's connections spend a drain\n\n");
		out.append("Samples of `pg_stat_activity` every ").append(DrainMeter.INTERVAL_MILLIS)
			.append(" ms for the worker's connections, all repetitions of a cell together.\n\n");
		out.append(this.diagnostics.activityTable()).append('\n');
		out.append("### CPU per 1,000 invoices\n\n");
		out.append("CPU milliseconds used while the work ran (worker: from resume until the last status; raw: the "
				+ "whole run), by owner: PostgreSQL from /proc, the JVM's threads from `ThreadMXBean`. The machine "
				+ "has 2 cores; \"machine busy\" includes other users of the shared machine.\n\n");
		out.append(this.diagnostics.cpuTable()).append('\n');
		out.append("### What PostgreSQL executed during each cell\n\n");
		out.append("`pg_stat_statements`, reset before each drain (and each raw run) and summed: execution time "
				+ "only, which on a saturated machine includes waiting for a CPU. The driver's COMMITs are not "
				+ "tracked per transaction, so WAL flush waits are missing here (see the I/O column above).\n\n");
		out.append(this.diagnostics.statements());
		out.append("### How it was measured\n\n").append(method()).append('\n');
		out.append("### Run\n\n").append(environment);
		return out.toString();
	}

	private String workerTable() {
		MarkdownTable table = new MarkdownTable("pool (threads = connections)", "batch size", "commands per drain",
				"patients", "invoices/s", "min–max", "÷ raw ceiling (paired)", "÷ one tx per command (paired)",
				"no Kafka: processor direct, invoices/s", "drain ÷ direct (paired)", "drain s",
				"first row after resume, ms", "start-up s", "outcome");
		for (CellResult cell : this.cells) {
			Stats rate = cell.rate();
			table.row(cell.pool, cell.batch, count(cell.commands), patients(cell), "**" + count(rate.median()) + "**",
					count(rate.min()) + "–" + count(rate.max()), decimal(Stats.of(cell.ceilingRatios).median(), 2),
					ratio(Stats.of(cell.perCommandRatios).median()), count(Stats.of(cell.directRates).median()),
					decimal(Stats.of(cell.directRatios).median(), 2), decimal(cell.drainSeconds().median(), 2),
					count(cell.firstRowMillis().median()),
					(cell.startup != null) ? decimal(cell.startup.toMillis() / 1000.0, 1) : "n/a", cell.outcomes());
		}
		return table.render();
	}

	private String rawTable() {
		MarkdownTable table = new MarkdownTable("writing", "connections", "invoices per run", "invoices/s (all)",
				"min–max", "before the worker cells", "paired with each drain", "after the worker cells");
		for (RawResults.Mode mode : RawResults.Mode.values()) {
			Stats all = this.raw.all(mode);
			table.row(mode.label, mode.connections, count(this.raw.invoices(mode)), "**" + count(all.median()) + "**",
					count(all.min()) + "–" + count(all.max()), phase(RawResults.Phase.BEFORE, mode),
					phase(RawResults.Phase.PAIRED, mode), phase(RawResults.Phase.AFTER, mode));
		}
		return table.render();
	}

	private String phase(RawResults.Phase phase, RawResults.Mode mode) {
		Stats stats = this.raw.of(phase, mode);
		return stats.isEmpty() ? "n/a" : count(stats.median()) + " (" + stats.count() + ")";
	}

	private String ratios() {
		StringBuilder out = new StringBuilder();
		Optional<CellResult> best = this.cells.stream()
			.filter((c) -> !c.rate().isEmpty())
			.max(Comparator.comparingDouble((c) -> c.rate().median()));
		Stats perCommand = this.raw.all(RawResults.Mode.PER_COMMAND);
		Stats ceiling = this.raw.ceiling();
		out.append("Paired ratios divide each drain's rate by the baseline measured right after it (same machine load), "
				+ "then take the median; whole-run ratios divide medians over the whole run.\n\n");
		if (best.isPresent()) {
			CellResult cell = best.get();
			double batched = Stats.of(cell.perCommandRatios).median();
			double ofCeiling = Stats.of(cell.ceilingRatios).median();
			out.append("- Best worker cell: pool ").append(cell.pool).append(", batch ").append(cell.batch)
				.append(", ").append(count(cell.rate().median())).append(" invoices/s.\n");
			out.append("- **Batched worker vs one transaction per command** (the seed's writing, 1 connection): **")
				.append(ratio(batched)).append("** paired, ").append(ratio(Stats.ratio(cell.rate(), perCommand)))
				.append(" whole-run (aim ≥ 10×: ").append(verdict(batched >= 10)).append(").\n");
			out.append("- **Best worker vs raw ceiling** (the better of set-based on 1 and 2 connections): **")
				.append(decimal(ofCeiling, 2)).append("** paired, ").append(decimal(Stats.ratio(cell.rate(), ceiling), 2))
				.append(" whole-run against ").append(count(ceiling.median())).append(" invoices/s (aim ≥ 0.5: ")
				.append(verdict(ofCeiling >= 0.5)).append(").\n");
		}
		out.append("- Raw set-based (best) vs one transaction per command, whole-run: ")
			.append(ratio(Stats.ratio(ceiling, perCommand))).append(".\n");
		for (int pool : List.of(1, 2)) {
			RawResults.Mode mode = (pool == 1) ? RawResults.Mode.SET_BASED_1 : RawResults.Mode.SET_BASED_2;
			cell(pool, 500).ifPresent((c) -> out.append("- Same connections: worker pool ").append(pool)
				.append(", batch 500 vs raw set-based on ").append(pool).append(" (whole-run): ")
				.append(decimal(Stats.ratio(c.rate(), this.raw.all(mode)), 2)).append(".\n"));
		}
		for (int pool : this.options.pools) {
			Optional<CellResult> one = cell(pool, 1);
			Optional<CellResult> large = cell(pool, 500);
			if (one.isPresent() && large.isPresent()) {
				out.append("- Pool ").append(pool).append(": batch 500 vs batch 1: ")
					.append(ratio(Stats.ratio(large.get().rate(), one.get().rate()))).append(".\n");
			}
		}
		return out.toString();
	}

	private String method() {
		return """
				- One KRaft broker (`EmbeddedKafkaKraftBroker`, %d partitions as the worker declares them) and one
				  PostgreSQL (zonky) in the benchmark's process and machine, all on 127.0.0.1.
				- Per pool size P and batch size B the real worker starts in-process
				  (`WorkerApplication.builder()`, `--invoice.worker.concurrency=P --invoice.worker.batch-size=B`,
				  everything else default). Start-up (context and consumer-group join) is timed apart; then for each
				  repetition the worker's consumers are paused, a new clinic (the table's patients, one product)
				  gets a backlog of N commands in `invoice.commands`, and the consumers resume. A paused consumer
				  stays in its group, so no drain includes a rebalance.
				- Patients: the main cells have at least as many patients as commands (one invoice per patient
				  per drain, like a backlog of ordinary work); the "hot" cells have %,d patients, so each
				  has many invoices in the backlog and concurrent batches share patients (see the lock column).
				- Every command is the seed's incident path (paid externally): one invoice, 1–2 items (every other
				  invoice has a product line), one payment; each has its own order and amount, so none is a
				  duplicate of another, and the check afterwards requires N invoices and N CREATED outcomes.
				- Drain time: from the first invoice's `created_at` (the start of the first batch's transaction, on
				  the worker's clock, which is this JVM's) until the last of the N statuses appeared on
				  `invoice.request-status` (published right after the commit that wrote the invoice).
				  invoices/s = N / drain time.
				- No Kafka: right after each drain, the same number of commands of a fresh clinic go in batches of
				  B through the worker's own `InvoiceBatchProcessor.process` (its decisions, reads, writes and
				  transaction), called directly from P threads. Drain ÷ direct is what consuming, publishing
				  statuses and committing offsets leave of the database work's rate.
				- Raw ceiling: the same invoice rows written with `INSERT … SELECT FROM unnest(…)` in transactions of
				  500 (ids from the sequence, then invoices, items, payments) on 1 and 2 connections, and the seed's
				  way (one transaction per invoice, invoice, each item and the payment inserted one by one) on 1
				  connection. Measured in a block before the worker cells, once right after every drain (paired:
				  same machine load, 1,000 invoices for the per-command run) and in a block after; ratios are
				  given paired (median of per-drain ratios) and over the whole run.
				- PostgreSQL runs with `synchronous_commit=%s` and `fsync=%s` (`on` is PostgreSQL's and production's
				  default; zonky turns both off, which hides the cost of each commit and flatters one transaction
				  per command). The data directory is on this VM's disk, shared with other builds.
				- Medians of the repetitions, with min–max. The machine is shared and noisy: read ratios of numbers
				  from the same run, not absolute numbers across runs.
				""".formatted(Infrastructure.PARTITIONS, this.options.hotPatients, this.options.synchronousCommit,
				this.options.fsync);
	}

	static String patients(CellResult cell) {
		return count(cell.patients) + ((cell.patients < cell.commands) ? " (hot)" : "");
	}

	/** A cell of the main matrix (one invoice per patient), not a hot-patients cell. */
	private Optional<CellResult> cell(int pool, int batch) {
		return this.cells.stream()
			.filter((c) -> c.pool == pool && c.batch == batch && c.patients >= c.commands && !c.rate().isEmpty())
			.findFirst();
	}

	private static String verdict(boolean met) {
		return met ? "met" : "**not met**";
	}

}
