package com.clinicbilling.schemas;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KafkaClientSettingsTest {

	@TempDir
	Path folder;

	@Test
	void givesEveryClientTheSecuritySettingsOfTheFile() throws IOException {
		Path file = write("""
				bootstrap.servers=kafka-0:9093
				security.protocol=SASL_SSL
				sasl.mechanism=SCRAM-SHA-512
				sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="ops" password="s3cret";
				""");

		KafkaClientSettings settings = KafkaClientSettings.of(null, file.toString(), Map.of());

		assertThat(settings.clientConfig()).containsEntry("bootstrap.servers", "kafka-0:9093")
			.containsEntry("security.protocol", "SASL_SSL")
			.containsEntry("sasl.mechanism", "SCRAM-SHA-512")
			.containsKey("sasl.jaas.config");
		assertThat(settings.toString()).doesNotContain("s3cret");
	}

	@Test
	void takesTheFileFromTheEnvironmentAndTheBootstrapOptionFirst() throws IOException {
		Path file = write("bootstrap.servers=kafka-0:9093\nsecurity.protocol=SASL_PLAINTEXT\n");

		KafkaClientSettings settings = KafkaClientSettings.of("other:9092", null,
				Map.of(KafkaClientSettings.CONFIG_ENV, file.toString(), KafkaClientSettings.BOOTSTRAP_ENV, "env:9092"));

		assertThat(settings.clientConfig()).containsEntry("bootstrap.servers", "other:9092")
			.containsEntry("security.protocol", "SASL_PLAINTEXT");
	}

	@Test
	void withoutAFileIsThePlainLocalCluster() {
		assertThat(KafkaClientSettings.of(null, null, Map.of()).clientConfig())
			.isEqualTo(Map.of("bootstrap.servers", "127.0.0.1:19092"));
		assertThat(KafkaClientSettings.of(null, null, Map.of(KafkaClientSettings.BOOTSTRAP_ENV, "env:9092"))
			.bootstrapServers()).isEqualTo("env:9092");
	}

	@Test
	void namesTheOptionWhenTheFileIsMissing() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KafkaClientSettings.of(null, this.folder.resolve("none").toString(), Map.of()))
			.withMessageStartingWith("--kafka-config");
	}

	private Path write(String text) throws IOException {
		return Files.writeString(this.folder.resolve("client.properties"), text);
	}

}
