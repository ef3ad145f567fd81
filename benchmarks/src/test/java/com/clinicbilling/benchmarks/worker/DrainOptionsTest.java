package com.clinicbilling.benchmarks.worker;

import com.clinicbilling.benchmarks.report.CommandLines;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParameterException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DrainOptionsTest {

	@Test
	void quickChangesTheDefaultsAndGivenValuesWin() {
		DrainOptions options = CommandLines.parse(new DrainOptions(), "--quick", "--pools=1,2", "--commands=300",
				"--output=x.md");

		assertThat(options.pools).containsExactly(1, 2);
		assertThat(options.batches).containsExactly(1, 100, 500);
		assertThat(options.commands).isEqualTo(300);
		assertThat(options.repetitions).isEqualTo(1);
		assertThat(options.commandsFor(1)).isEqualTo(200);
		assertThat(options.report.output()).isAbsolute().hasFileName("x.md");
		assertThat(options.report.command()).isEqualTo("benchmarks/run.sh worker --quick");
	}

	@Test
	void aValueThatDoesNotParseIsNamed() {
		assertThatExceptionOfType(ParameterException.class)
			.isThrownBy(() -> CommandLines.parse(new DrainOptions(), "--commands=many"))
			.withMessageContaining("--commands")
			.withMessageContaining("many");
		assertThatExceptionOfType(ParameterException.class)
			.isThrownBy(() -> CommandLines.parse(new DrainOptions(), "quick"))
			.withMessageContaining("quick");
	}

	@Test
	void valuesOutOfRangeAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> CommandLines.parse(new DrainOptions(), "--pools=0"))
			.withMessageContaining("--pools");
		assertThatIllegalArgumentException().isThrownBy(() -> CommandLines.parse(new DrainOptions(), "--fsync=maybe"))
			.withMessage("--fsync must be on or off, was maybe");
	}

}
