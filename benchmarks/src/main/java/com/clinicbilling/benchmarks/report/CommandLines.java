package com.clinicbilling.benchmarks.report;

import java.nio.file.Path;
import java.time.Duration;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Every entry point's command line, read by picocli ({@code --name=value} or {@code --name value},
 * {@code --help}): usage and exit 0 on {@code --help}, the error and usage and exit 2 on a bad
 * argument, so no benchmark starts a broker or a database only to fail on its options.
 */
public final class CommandLines {

	/**
	 * The options of a benchmark with a smoke run and a report, as a base class: those it scales default
	 * by {@code --quick}, and those that depend on each other (ranges) are checked in {@link #check()}.
	 */
	public abstract static class Scaled {

		@Mixin
		public Quick quick;

		@Mixin
		public Report report;

		/** Fills defaults that depend on other options, then throws IllegalArgumentException naming a bad one. */
		public abstract void check();

	}

	/**
	 * {@code --quick}, a benchmark's smoke run, as a {@code @Mixin}: the options it scales default by it
	 * (a value given wins).
	 */
	public static final class Quick {

		@Option(names = "--quick", description = "a smoke run: everything small; not for comparison")
		private boolean quick;

		public boolean on() {
			return this.quick;
		}

		/** {@code given}, else {@code full} or, on a quick run, {@code small}. */
		public <T> T or(T given, T full, T small) {
			return (given != null) ? given : (this.quick ? small : full);
		}

	}

	/**
	 * {@code --warm-up}, unmeasured load before the first measured run, as a {@code @Mixin} of the
	 * benchmarks that measure a JVM the run has just started.
	 */
	public static final class WarmUp {

		@Option(names = "--warm-up", defaultValue = "120", description = "seconds of load before the first measured "
				+ "run: a cold JIT answers several times slower; default ${DEFAULT-VALUE}")
		private int seconds;

		public Duration duration() {
			return Duration.ofSeconds(this.seconds);
		}

	}

	/**
	 * Where a benchmark writes its section of BENCHMARKS.md and the command line the section names,
	 * as a {@code @Mixin}; the run's scripts pass both. The command's name is how its script is called.
	 */
	public static final class Report {

		@Option(names = "--output", defaultValue = "BENCHMARKS.md", description = "the BENCHMARKS.md to write")
		private Path output;

		@Option(names = "--command", description = "the command line the report names (default: the benchmark's own)")
		private String command;

		@Spec(Spec.Target.MIXEE)
		private CommandSpec mixee;

		public Path output() {
			return this.output.toAbsolutePath();
		}

		/** {@code --command}, else how the benchmark's script starts it: the command's name and {@code --quick}. */
		public String command() {
			if (this.command != null) {
				return this.command;
			}
			OptionSpec quick = this.mixee.findOption("--quick");
			return this.mixee.name() + ((quick != null && Boolean.TRUE.equals(quick.getValue())) ? " --quick" : "");
		}

		/** The top of the section: when, where and how the run ran, naming the command line. */
		public String header(Environment environment) {
			return environment.markdown(command(), Environment.loadAverage());
		}

		/** Writes {@code section} as the generated section {@code name} of {@code --output}. */
		public void write(String name, String heading, String section) {
			new BenchmarksFile(output()).replaceSection(name, heading, section);
		}

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
		if (options instanceof Scaled scaled) {
			scaled.check();
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
