package com.clinicbilling.benchmarks.report;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Every entry point's command line, read by picocli ({@code --name=value} or {@code --name value},
 * {@code --help}): usage and exit 0 on {@code --help}, the error and usage and exit 2 on a bad
 * argument, so no benchmark starts a broker or a database only to fail on its options.
 */
public final class CommandLines {

	/** Options whose values depend on each other ({@code --quick} defaults, ranges) check them here. */
	public interface Checked {

		/** Fills defaults that depend on other options, then throws IllegalArgumentException naming a bad one. */
		void check();

	}

	private CommandLines() {
	}

	/** Reads {@code args} into {@code options}; throws {@link ParameterException} (or IllegalArgumentException). */
	public static <T> T parse(T options, String... args) {
		CommandLine line = new CommandLine(options);
		line.parseArgs(args);
		if (line.isUsageHelpRequested()) {
			line.usage(System.out);
			System.exit(0);
		}
		if (options instanceof Checked checked) {
			checked.check();
		}
		return options;
	}

	/** As {@link #parse}, for a {@code main}: a bad argument ends the JVM with its message and the usage. */
	public static <T> T parseOrExit(T options, String... args) {
		try {
			return parse(options, args);
		}
		catch (ParameterException | IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			new CommandLine(options).usage(System.err);
			System.exit(2);
			return options;
		}
	}

}
