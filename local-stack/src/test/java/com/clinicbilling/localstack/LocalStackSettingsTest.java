package com.clinicbilling.localstack;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LocalStackSettingsTest {

	@Test
	void contractDefaultsWhenNothingIsSet() {
		LocalStackSettings settings = LocalStackSettings.from(Map.of());

		assertThat(settings.gatewayPort()).isEqualTo(8080);
		assertThat(settings.postgresPort()).isEqualTo(15432);
		assertThat(settings.kafkaPort()).isEqualTo(19092);
		assertThat(settings.dataDir()).isEqualTo(Path.of(".local-data").toAbsolutePath().normalize());
		assertThat(settings.jwtSecret()).isNull();
		assertThat(settings.databaseUrl()).isNull();
	}

	@Test
	void anExistingPostgresReplacesTheStacksOwn() {
		LocalStackSettings settings = LocalStackSettings
			.from(Map.of("INVOICE_LOCAL_DB_URL", "jdbc:postgresql://127.0.0.1:6543/invoice", "INVOICE_JWT_SECRET", " "));

		assertThat(settings.databaseUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:6543/invoice");
		assertThat(settings.jwtSecret()).as("blank means unset").isNull();
	}

	@Test
	void aDatabaseUrlThatIsNotPostgresIsRefusedByName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LocalStackSettings.from(Map.of("INVOICE_LOCAL_DB_URL", "jdbc:mysql://db/invoice")))
			.withMessageContaining("INVOICE_LOCAL_DB_URL")
			.withMessageContaining("jdbc:mysql://db/invoice");
	}

	@Test
	void aPortOutOfRangeIsRefusedByName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LocalStackSettings.from(Map.of("INVOICE_LOCAL_PG_PORT", "70000")))
			.withMessage("INVOICE_LOCAL_PG_PORT must be a TCP port (0-65535), was '70000'");
	}

}
