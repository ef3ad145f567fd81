package com.clinicbilling.benchmarks.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ArgumentsTest {

	@Test
	void readsValuesFlagsAndFallbacks() {
		Arguments arguments = Arguments.parse(new String[] { "--quick", "--rates=250, 500", "--rate-seconds=15",
				"--output=x.md" });

		assertThat(arguments.flag("quick")).isTrue();
		assertThat(arguments.flag("profile")).isFalse();
		assertThat(arguments.integers("rates", "1")).containsExactly(250, 500);
		assertThat(arguments.integer("rate-seconds", 60)).isEqualTo(15);
		assertThat(arguments.integer("burst-requests", 2_000)).isEqualTo(2_000);
		assertThat(arguments.text("output", "BENCHMARKS.md")).isEqualTo("x.md");
	}

	@Test
	void aValueThatDoesNotParseIsNamed() {
		Arguments arguments = Arguments.parse(new String[] { "--rate-seconds=ten", "--rates=250,fast" });

		assertThatIllegalArgumentException().isThrownBy(() -> arguments.integer("rate-seconds", 60))
			.withMessage("--rate-seconds must be a whole number, was 'ten'");
		assertThatIllegalArgumentException().isThrownBy(() -> arguments.integers("rates", "250"))
			.withMessage("--rates must be whole numbers separated by commas, was '250,fast'");
	}

	@Test
	void anArgumentWithoutDashesIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> Arguments.parse(new String[] { "quick" }))
			.withMessageContaining("Unknown argument 'quick'");
	}

}
