package com.clinicbilling.benchmarks.http;

import java.nio.file.Path;
import java.time.Duration;

import com.clinicbilling.benchmarks.report.CommandLines;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanesOptionsTest {

	@Test
	void theSharedOptionsKeepTheirNamesAndDefaults() {
		LanesBenchmark.Options options = CommandLines.parse(new LanesBenchmark.Options(), "--window-seconds=30",
				"--log-dir=logs");

		assertThat(options.window()).isEqualTo(Duration.ofSeconds(30));
		assertThat(options.stack.logDir()).isAbsolute().hasFileName("logs");
		assertThat(options.stack.stackJar()).isEqualTo(Path.of("local-stack/target/local-stack.jar").toAbsolutePath());
		assertThat(options.report.output()).isAbsolute().hasFileName("BENCHMARKS.md");
		assertThat(options.report.command()).isEqualTo("benchmarks/run.sh lanes");
	}

	@Test
	void theCommandGivenIsTheOneReported() {
		LanesBenchmark.Options options = CommandLines.parse(new LanesBenchmark.Options(), "--command=run.sh lanes --backlog=1");

		assertThat(options.report.command()).isEqualTo("run.sh lanes --backlog=1");
	}

}
