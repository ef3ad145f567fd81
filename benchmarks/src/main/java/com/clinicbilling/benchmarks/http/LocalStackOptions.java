package com.clinicbilling.benchmarks.http;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The local stack jar the HTTP and lanes benchmarks start, and where its logs and data go: a {@code @Mixin}. */
final class LocalStackOptions {

	@Option(names = "--stack-jar", defaultValue = "local-stack/target/local-stack.jar",
			description = "the local stack to start (the HTTP benchmark: twice, on PostgreSQL directly, then through the delay)")
	private Path stackJar;

	@Option(names = "--log-dir", defaultValue = "benchmarks/target",
			description = "where the stacks' (and the baselines') logs and the stacks' data folders go")
	private Path logDir;

	Path stackJar() {
		return this.stackJar.toAbsolutePath();
	}

	Path logDir() {
		return this.logDir.toAbsolutePath();
	}

}
