package com.clinicbilling.gateway.ratelimit;

import java.time.Duration;
import java.util.stream.IntStream;

import com.clinicbilling.gateway.ManualTime;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClinicRateLimitsTest {

	private final ManualTime time = new ManualTime();

	/** The buckets alone; the filter's answers are SubmitRateLimitTest's, so no problem writer. */
	private final ClinicRateLimits limits = new ClinicRateLimits(
			new RateLimitProperties(true, 10, 20, Duration.ofMinutes(10), 1000), this.time, null);

	@Test
	void admitsABurstThenRefusesAndSaysWhenTheNextTokenComes() {
		IntStream.range(0, 20).forEach((i) -> assertThat(this.limits.take(1)).as("request %d", i).isEmpty());

		assertThat(this.limits.take(1)).contains(Duration.ofMillis(100));

		this.time.advance(Duration.ofMillis(60));
		assertThat(this.limits.take(1)).contains(Duration.ofMillis(40));
	}

	@Test
	void refillsAtTheConfiguredRateAsTimePasses() {
		IntStream.range(0, 20).forEach((i) -> this.limits.take(1));

		this.time.advance(Duration.ofMillis(500));

		IntStream.range(0, 5).forEach((i) -> assertThat(this.limits.take(1)).as("request %d", i).isEmpty());
		assertThat(this.limits.take(1)).isPresent();
	}

	@Test
	void sustainsItsRateWithoutRefusingOnce() {
		this.time.advance(Duration.ofHours(1));
		for (int i = 0; i < 10_000; i++) {
			this.time.advance(Duration.ofMillis(100));
			assertThat(this.limits.take(1)).as("request %d", i).isEmpty();
		}
	}

	@Test
	void keepsOneBucketPerClinic() {
		IntStream.range(0, 20).forEach((i) -> this.limits.take(1));

		assertThat(this.limits.take(1)).isPresent();
		assertThat(this.limits.take(2)).isEmpty();
		assertThat(this.limits.trackedClinics()).isEqualTo(2);
	}

	@Test
	void defaultsToTheContractsRateAndBurst() {
		ClinicRateLimits defaults = new ClinicRateLimits(
				new RateLimitProperties(true, 1000, 2000, Duration.ofMinutes(10), 100_000), this.time, null);

		IntStream.range(0, 2000).forEach((i) -> assertThat(defaults.take(7)).as("request %d", i).isEmpty());
		assertThat(defaults.take(7)).contains(Duration.ofMillis(1));
	}

	@Test
	void refusesSettingsThatCannotWork() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimitProperties(true, 0, 20, Duration.ofMinutes(10), 1000))
			.withMessageContaining("requests-per-second");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimitProperties(true, 10, 0, Duration.ofMinutes(10), 1000))
			.withMessageContaining("burst");
		// A bucket dropped before it refilled would come back full: more than the rate allows.
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RateLimitProperties(true, 10, 20, Duration.ofSeconds(1), 1000))
			.withMessageContaining("idle-expiry");
	}

}
