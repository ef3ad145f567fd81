package com.clinicbilling.benchmarks.worker;

import java.util.ArrayList;
import java.util.List;

import com.clinicbilling.benchmarks.report.MarkdownTable;

import static com.clinicbilling.benchmarks.report.MarkdownTable.count;
import static com.clinicbilling.benchmarks.report.MarkdownTable.decimal;
import static com.clinicbilling.benchmarks.report.MarkdownTable.percent;

/**
 * The tables that say why a rate is what it is: connection states, CPU per invoice by owner, and
 * per-statement database time. Part of the "Worker drain" section.
 */
final class DrainDiagnostics {

	private final List<CellResult> cells;

	private final RawResults raw;

	DrainDiagnostics(List<CellResult> cells, RawResults raw) {
		this.cells = cells;
		this.raw = raw;
	}

	String activityTable() {
		MarkdownTable table = new MarkdownTable("pool", "batch", "patients", "samples",
				ConnectionActivity.Category.OUTSIDE_TRANSACTION.label, ConnectionActivity.Category.JVM_IN_TRANSACTION.label,
				ConnectionActivity.Category.POSTGRES_RUNNING.label, ConnectionActivity.Category.LOCK_WAIT.label,
				ConnectionActivity.Category.POSTGRES_WAITING.label, "most frequent states");
		for (CellResult cell : this.cells) {
			ConnectionActivity activity = cell.activity();
			table.row(cell.pool, cell.batch, DrainReport.patients(cell), activity.samples(),
					percent(activity.share(ConnectionActivity.Category.OUTSIDE_TRANSACTION)),
					percent(activity.share(ConnectionActivity.Category.JVM_IN_TRANSACTION)),
					percent(activity.share(ConnectionActivity.Category.POSTGRES_RUNNING)),
					percent(activity.share(ConnectionActivity.Category.LOCK_WAIT)),
					percent(activity.share(ConnectionActivity.Category.POSTGRES_WAITING)), activity.details());
		}
		return table.render();
	}

	String cpuTable() {
		List<String> header = new ArrayList<>(List.of("work", "invoices/s"));
		for (CpuMeter.Owner owner : CpuMeter.Owner.values()) {
			header.add(owner.label);
		}
		header.addAll(List.of("total", "machine busy"));
		MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
		for (RawResults.Mode mode : RawResults.Mode.values()) {
			cpuRow(table, "raw: " + mode.label + ", " + mode.connections + " conn.", this.raw.all(mode).median(),
					this.raw.cpu(mode), this.raw.cpuInvoices(mode));
		}
		for (CellResult cell : this.cells) {
			cpuRow(table, "worker: pool " + cell.pool + ", batch " + cell.batch + ", " + DrainReport.patients(cell) + " patients",
					cell.rate().median(), cell.cpu, cell.invoices());
		}
		return table.render();
	}

	private static void cpuRow(MarkdownTable table, String label, double rate, CpuMeter.Usage usage, long invoices) {
		if (invoices == 0) {
			return;
		}
		List<Object> cells = new ArrayList<>(List.of(label, count(rate)));
		double perThousand = invoices / 1000.0;
		for (CpuMeter.Owner owner : CpuMeter.Owner.values()) {
			cells.add(count(usage.cpuNanos().getOrDefault(owner, 0L) / 1e6 / perThousand));
		}
		cells.add("**" + count(usage.total() / 1e6 / perThousand) + "**");
		cells.add(percent(usage.machineBusy()));
		table.row(cells.toArray());
	}

	String statements() {
		StringBuilder out = new StringBuilder();
		for (RawResults.Mode mode : RawResults.Mode.values()) {
			statements(out, "raw: " + mode.label + ", " + mode.connections + " connection(s)", this.raw.statements(mode),
					this.raw.cpuInvoices(mode));
		}
		for (CellResult cell : this.cells) {
			statements(out, "worker: pool " + cell.pool + ", batch " + cell.batch + ", " + DrainReport.patients(cell) + " patients",
					cell.statements, cell.invoices());
		}
		return out.toString();
	}

	private static void statements(StringBuilder out, String title, List<StatementStats.Row> rows, long invoices) {
		if (rows.isEmpty() || invoices == 0) {
			return;
		}
		double thousands = invoices / 1000.0;
		double total = rows.stream().mapToDouble(StatementStats.Row::totalMillis).sum();
		out.append("<details><summary>").append(title).append(": ").append(decimal(total / thousands, 1))
			.append(" ms per 1,000 invoices</summary>\n\n");
		MarkdownTable table = new MarkdownTable("statement", "calls", "total ms", "ms per 1,000 invoices", "mean ms");
		for (StatementStats.Row row : rows.subList(0, Math.min(12, rows.size()))) {
			table.row("`" + row.query() + "`", row.calls(), count(row.totalMillis()),
					decimal(row.totalMillis() / thousands, 1), decimal(row.meanMillis(), 2));
		}
		out.append(table.render()).append("\n</details>\n\n");
	}

}
