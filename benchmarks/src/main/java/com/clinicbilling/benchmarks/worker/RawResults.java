package com.clinicbilling.benchmarks.worker;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.clinicbilling.benchmarks.report.Stats;

/**
 * Rates of the raw insert baselines, measured in a block before the worker runs, right after each
 * drain (paired with it) and in a block after, so a change of the machine's load during the run
 * shows up as a difference between the phases instead of silently skewing a ratio.
 */
final class RawResults {

	enum Mode {

		SET_BASED_1("set-based `unnest`, batches of 500", 1),

		SET_BASED_2("set-based `unnest`, batches of 500", 2),

		PER_COMMAND("one transaction per invoice, rows one by one (the seed)", 1);

		final String label;

		final int connections;

		Mode(String label, int connections) {
			this.label = label;
			this.connections = connections;
		}

	}

	enum Phase {

		BEFORE, PAIRED, AFTER

	}

	/** One measurement of every mode, taken back to back. */
	record Sample(double setBased1, double setBased2, double perCommand) {

		/** The raw ceiling of this sample: the better of the set-based rates. */
		double ceiling() {
			return Math.max(this.setBased1, this.setBased2);
		}

	}

	private final Map<Phase, Map<Mode, List<Double>>> rates = new EnumMap<>(Phase.class);

	private final Map<Mode, Integer> invoices = new EnumMap<>(Mode.class);

	private final Map<Mode, CpuMeter.Usage> cpu = new EnumMap<>(Mode.class);

	private final Map<Mode, Long> cpuInvoices = new EnumMap<>(Mode.class);

	private final Map<Mode, List<StatementStats.Row>> statements = new EnumMap<>(Mode.class);

	void add(Mode mode, Phase phase, int count, double rate, CpuMeter.Usage usage, List<StatementStats.Row> rows) {
		this.rates.computeIfAbsent(phase, (p) -> new EnumMap<>(Mode.class))
			.computeIfAbsent(mode, (m) -> new ArrayList<>())
			.add(rate);
		this.invoices.merge(mode, count, Math::max);
		this.cpu.merge(mode, usage, CpuMeter.Usage::plus);
		this.cpuInvoices.merge(mode, (long) count, Long::sum);
		this.statements.put(mode, StatementStats.merge(this.statements.getOrDefault(mode, List.of()), rows));
	}

	Stats all(Mode mode) {
		List<Double> all = new ArrayList<>();
		for (Phase phase : Phase.values()) {
			all.addAll(rates(phase, mode));
		}
		return Stats.of(all);
	}

	Stats of(Phase phase, Mode mode) {
		return Stats.of(rates(phase, mode));
	}

	private List<Double> rates(Phase phase, Mode mode) {
		return this.rates.getOrDefault(phase, Map.of()).getOrDefault(mode, List.of());
	}

	int invoices(Mode mode) {
		return this.invoices.getOrDefault(mode, 0);
	}

	CpuMeter.Usage cpu(Mode mode) {
		return this.cpu.getOrDefault(mode, CpuMeter.Usage.none());
	}

	long cpuInvoices(Mode mode) {
		return this.cpuInvoices.getOrDefault(mode, 0L);
	}

	List<StatementStats.Row> statements(Mode mode) {
		return this.statements.getOrDefault(mode, List.of());
	}

	/** The raw ceiling over the whole run: the better of the set-based medians. */
	Stats ceiling() {
		Stats one = all(Mode.SET_BASED_1);
		Stats two = all(Mode.SET_BASED_2);
		return (one.isEmpty() || (!two.isEmpty() && two.median() > one.median())) ? two : one;
	}

}
