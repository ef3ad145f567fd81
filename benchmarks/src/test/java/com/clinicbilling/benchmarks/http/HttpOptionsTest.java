package com.clinicbilling.benchmarks.http;

import java.time.Duration;

import com.clinicbilling.benchmarks.report.CommandLines;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HttpOptionsTest {

	@Test
	void fullRunDefaultsFollowTheRateDuration() {
		HttpOptions options = CommandLines.parse(new HttpOptions(), "--rate-seconds=15", "--rates=250,500");

		assertThat(options.rates).containsExactly(250, 500);
		assertThat(options.rateDuration()).isEqualTo(Duration.ofSeconds(15));
		assertThat(options.kafkaDuration()).isEqualTo(Duration.ofSeconds(10));
		assertThat(options.burstRequests).isEqualTo(2_000);
		assertThat(options.wants("before")).isTrue();
		assertThat(options.report.command()).isEqualTo("benchmarks/run.sh http");
	}

	@Test
	void quickRunIsSmall() {
		HttpOptions options = CommandLines.parse(new HttpOptions(), "--quick", "--targets=gateway");

		assertThat(options.rates).containsExactly(250);
		assertThat(options.kafkaDuration()).isEqualTo(Duration.ofSeconds(3));
		assertThat(options.wants("before")).isFalse();
		assertThat(options.report.command()).isEqualTo("benchmarks/run.sh http --quick");
	}

	@Test
	void theNeighbourFitsInThePool() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CommandLines.parse(new HttpOptions(), "--neighbour-connections=11"))
			.withMessageContaining("--neighbour-connections");
	}

}
