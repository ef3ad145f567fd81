package com.clinicbilling.benchmarks.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A GitHub-flavoured markdown table; cells are escaped so a "|" in a value cannot break a row. */
public final class MarkdownTable {

	private final List<String> header;

	private final List<List<String>> rows = new ArrayList<>();

	public MarkdownTable(String... header) {
		this.header = List.of(header);
	}

	public MarkdownTable row(Object... cells) {
		if (cells.length != this.header.size()) {
			throw new IllegalArgumentException(
					"Row has " + cells.length + " cells, the header " + this.header.size() + ": " + Arrays.toString(cells));
		}
		this.rows.add(Arrays.stream(cells).map(String::valueOf).toList());
		return this;
	}

	public String render() {
		StringBuilder out = new StringBuilder();
		line(out, this.header);
		line(out, this.header.stream().map((h) -> "---").toList());
		this.rows.forEach((row) -> line(out, row));
		return out.toString();
	}

	private static void line(StringBuilder out, List<String> cells) {
		out.append('|');
		for (String cell : cells) {
			out.append(' ').append(cell.replace("|", "\\|")).append(" |");
		}
		out.append('\n');
	}

	/** Thousands-separated whole number, the way rates are read. */
	public static String count(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
	}

	public static String decimal(double value, int digits) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + digits + "f", value);
	}

	public static String percent(double fraction) {
		return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.0f %%", fraction * 100);
	}

	public static String ratio(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f×", value);
	}

}
