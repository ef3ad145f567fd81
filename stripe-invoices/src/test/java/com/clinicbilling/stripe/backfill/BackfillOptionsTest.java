package com.clinicbilling.stripe.backfill;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BackfillOptionsTest {

	private static final Map<String, String> ENV = Map.of("STRIPE_API_KEY", "sk_test_1");

	@Test
	void readsARangeOfDatesWithDefaultsForTheRest() {
		BackfillOptions options = BackfillOptions.parse(List.of("--from", "2026-01-01", "--to=2026-02-01"), ENV);

		assertThat(options.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(options.to()).isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
		assertThat(options.checkpoint()).isEqualTo(Path.of("stripe-backfill.checkpoint"));
		assertThat(options.rate()).isEqualTo(20);
		assertThat(options.pageSize()).isEqualTo(100);
		assertThat(options.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
		assertThat(options.apiBase()).isEqualTo("https://api.stripe.com");
		assertThat(options.clinics()).isEmpty();
		assertThat(options.toString()).doesNotContain("sk_test_1");
	}

	@Test
	void readsInstantsAndEveryOption() {
		BackfillOptions options = BackfillOptions.parse(List.of("--from", "2026-01-01T12:00:00Z", "--to",
				"2026-01-02T00:00:00Z", "--rate", "5", "--page-size", "50", "--kafka", "kafka:9092", "--clinics", "1, 2",
				"--checkpoint", "/tmp/x.checkpoint", "--api-base", "http://127.0.0.1:1"), ENV);

		assertThat(options.from()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
		assertThat(options.rate()).isEqualTo(5);
		assertThat(options.pageSize()).isEqualTo(50);
		assertThat(options.kafka().bootstrapServers()).isEqualTo("kafka:9092");
		assertThat(options.clinics()).containsExactlyInAnyOrder(1L, 2L);
	}

	@Test
	void namesTheOptionThatIsWrong() {
		assertThatIllegalArgumentException().isThrownBy(() -> BackfillOptions.parse(List.of("--to", "2026-02-01"), ENV))
			.withMessageContaining("Missing required option").withMessageContaining("--from");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BackfillOptions.parse(List.of("--from", "2026-02-01", "--to", "2026-01-01"), ENV))
			.withMessage("--to must be after --from");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BackfillOptions.parse(List.of("--from", "2026-01-01", "--to", "2026-02-01", "--page-size",
					"500"), ENV))
			.withMessage("--page-size must be between 1 and 100");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BackfillOptions.parse(List.of("--from", "2026-01-01", "--to", "2026-02-01", "--speed", "1"),
					ENV))
			.withMessageContaining("Unknown option").withMessageContaining("--speed");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BackfillOptions.parse(List.of("--from", "2026-01-01", "--to", "2026-02-01"), Map.of()))
			.withMessage("STRIPE_API_KEY must be set in the environment");
	}

	@Test
	void namesAnOptionWhoseValueIsNotADate() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BackfillOptions.parse(List.of("--from", "January", "--to", "2026-02-01"), ENV))
			.withMessageContaining("--from");
	}

	@Test
	void listsEveryOptionInItsHelp() {
		assertThat(BackfillOptions.commandLine().getUsageMessage()).contains("--from", "--to", "--checkpoint", "--rate",
				"--page-size", "--kafka", "--kafka-config", "--clinics", "--api-base", "--help");
	}

}
