package com.clinicbilling.gateway.admin;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The tool's command line; what it lists and replays is {@code DeadLetterAdminIT}'s. */
class DeadLetterToolTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) {
		return DeadLetterTool.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	@Test
	void answersHelpWithEverySubcommandAndOption() {
		assertThat(run("--help")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("list", "replay");

		this.out.reset();
		assertThat(run("replay", "--help")).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("--clinic", "--error", "--from", "--to",
				"--request-ids", "--dry-run", "--bootstrap", "--kafka-config");
	}

	@Test
	void refusesAWrongInvocationWithTheUsage() {
		assertThat(run()).isEqualTo(2);
		assertThat(run("list", "--from", "yesterday")).isEqualTo(2);
		assertThat(run("purge")).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("--from", "Usage");
	}

}
