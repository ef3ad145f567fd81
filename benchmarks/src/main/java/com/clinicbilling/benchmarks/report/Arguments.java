package com.clinicbilling.benchmarks.report;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's {@code --name=value} arguments ({@code --name} alone means "true"), read with a
 * fallback each, and a message naming the argument when a value does not parse.
 */
public final class Arguments {

	private final Map<String, String> values;

	private Arguments(Map<String, String> values) {
		this.values = values;
	}

	public static Arguments parse(String[] args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--")) {
				throw new IllegalArgumentException("Unknown argument '" + arg + "': expected --name or --name=value");
			}
			int equals = arg.indexOf('=');
			values.put((equals < 0) ? arg.substring(2) : arg.substring(2, equals),
					(equals < 0) ? "true" : arg.substring(equals + 1));
		}
		return new Arguments(values);
	}

	public boolean flag(String name) {
		return Boolean.parseBoolean(this.values.getOrDefault(name, "false"));
	}

	public String text(String name, String fallback) {
		return this.values.getOrDefault(name, fallback);
	}

	public int integer(String name, int fallback) {
		String value = this.values.get(name);
		try {
			return (value != null) ? Integer.parseInt(value) : fallback;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'", ex);
		}
	}

	/** Whole numbers separated by commas, e.g. {@code --rates=250,500}. */
	public List<Integer> integers(String name, String fallback) {
		String value = this.values.getOrDefault(name, fallback);
		try {
			return Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).toList();
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be whole numbers separated by commas, was '" + value
					+ "'", ex);
		}
	}

}
