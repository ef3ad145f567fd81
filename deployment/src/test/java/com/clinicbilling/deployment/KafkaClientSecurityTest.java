package com.clinicbilling.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Kafka client the shipped code opens can reach a secured cluster: its settings start from
 * Spring Boot's {@code spring.kafka.*} (with {@code spring.kafka.security.*}, {@code ssl.*},
 * {@code properties.sasl.*}) or, in the command-line tools, from {@code KafkaClientSettings} (their
 * {@code --kafka-config} file). A client given the bootstrap servers alone cannot, which is how the
 * dead-letter reader once was. {@code SecuredKafkaIT} runs the gateway and the tool against a SASL broker.
 */
class KafkaClientSecurityTest {

	/** The shipped modules; the local stack starts its own unsecured broker, benchmarks ship nowhere. */
	private static final List<String> MODULES = List.of("schemas", "stripe-invoices", RepositoryFiles.GATEWAY,
			RepositoryFiles.WORKER);

	private static final Pattern BOOTSTRAP = Pattern.compile("BOOTSTRAP_SERVERS_CONFIG|\"bootstrap\\.servers\"");

	private static final Pattern NEW_CLIENT = Pattern.compile(
			"new KafkaConsumer<|new KafkaProducer<|Admin\\.create\\(|AdminClient\\.create\\(|new DefaultKafkaConsumerFactory<|new DefaultKafkaProducerFactory<");

	/** Where a client's settings may come from. */
	private static final Pattern SANCTIONED = Pattern.compile(
			"build(Consumer|Producer|Admin)Properties\\(|getConfigurationProperties\\(|KafkaClientSettings|Map<String, Object> (clientConfig|adminConfig)\\b");

	@Test
	void onlyTheToolsSettingsNameTheBootstrapServersThemselves() {
		Map<Path, String> naming = sourcesMatching(BOOTSTRAP);

		assertThat(naming.keySet()).extracting((path) -> path.getFileName().toString())
			.containsExactly("KafkaClientSettings.java");
	}

	@Test
	void everyClassThatOpensAKafkaClientTakesItsSettingsFromOnePlace() {
		Map<Path, String> opening = sourcesMatching(NEW_CLIENT);

		assertThat(opening).isNotEmpty()
			.allSatisfy((path, source) -> assertThat(SANCTIONED.matcher(source).find()).as(path.toString()).isTrue());
	}

	/** The main sources of the modules, by path, in which {@code pattern} occurs. */
	private static Map<Path, String> sourcesMatching(Pattern pattern) {
		return MODULES.stream().flatMap((module) -> {
			Path main = RepositoryFiles.resolve(module + "/src/main/java");
			try (Stream<Path> files = Files.walk(main)) {
				return files.filter((file) -> file.toString().endsWith(".java")).toList().stream();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		})
			.map((file) -> Map.entry(file, RepositoryFiles.read(file)))
			.filter((source) -> pattern.matcher(source.getValue()).find())
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

}
