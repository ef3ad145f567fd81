package com.clinicbilling.deployment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** ConfigMaps and Secrets: what the applications get, and that no secret is committed. */
class ConfigurationTest {

	/** Read by operators and the tests, not by the application. */
	private static final Set<String> OPERATOR_ONLY = Set.of("INVOICE_DB_CONNECTION_BUDGET");

	private final KubernetesManifests manifests = KubernetesManifests.load();

	private final Workloads workloads = new Workloads(this.manifests);

	@Test
	void commitsNoSecretOnlyExamplesOfTheFilesTheKustomizationGeneratesSecretsFrom() {
		Kustomization kustomization = Kustomization.load();

		assertThat(this.manifests.all(Secret.class)).as("Secrets applied as they are committed").isEmpty();
		assertThat(kustomization.secretEnvFiles()).containsOnlyKeys(RepositoryFiles.GATEWAY + "-secrets",
				RepositoryFiles.WORKER + "-secrets");
		String gitignore = RepositoryFiles.read(".gitignore");
		kustomization.secretEnvFiles().values().stream().flatMap(List::stream).forEach((file) -> {
			assertThat(kustomization.example(file)).as("example of %s", file).isRegularFile();
			assertThat(Path.of(file).getFileName().toString()).endsWith(".env");
			assertThat(gitignore).as(".gitignore").contains("k8s/" + Path.of(file).getParent() + "/*.env");
		});
	}

	@Test
	void examplesHoldNoRealSecretValue() {
		Kustomization kustomization = Kustomization.load();

		kustomization.secretEnvFiles().keySet().forEach((secret) -> assertThat(kustomization.secretExample(secret))
			.as(secret)
			.isNotEmpty()
			.allSatisfy((key, value) -> assertThat(value).as(key).matches("|\\.\\.\\.|whsec_\\.\\.\\.|[a-z_]+")));
	}

	@Test
	void keepsCredentialsOutOfConfigMaps() {
		assertThat(this.manifests.all(ConfigMap.class)).allSatisfy((configMap) -> assertThat(configMap.getData().keySet())
			.noneMatch((key) -> key.matches(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL|_USER).*")));
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void setsOnlyEnvironmentVariablesTheApplicationReads(String application) {
		ApplicationSettings settings = ApplicationSettings.of(application);

		assertThat(this.workloads.environment(application).keySet()).filteredOn((name) -> !OPERATOR_ONLY.contains(name))
			.allSatisfy((name) -> assertThat(settings.reads(name)).as("%s reads %s", application, name).isTrue());
	}

	@Test
	void verifiesTokensAgainstTheIdentityProvidersKeysInsteadOfASharedSecret() {
		Map<String, String> gateway = this.workloads.environment(RepositoryFiles.GATEWAY);

		assertThat(gateway.get("INVOICE_GATEWAY_SECURITY_JWK_SET_URI")).startsWith("https://");
		assertThat(gateway).doesNotContainKey("INVOICE_JWT_SECRET");
	}

	@Test
	void neverLoadsDemoDataIntoADeployedDatabase() {
		// Liquibase runs every changeset, demo ones included, when it is given no context at all.
		String contexts = this.workloads.environment(RepositoryFiles.WORKER).get("INVOICE_DB_CONTEXTS");

		assertThat(contexts).isNotBlank().doesNotContainIgnoringCase("demo");
	}

	@Test
	void connectsBothApplicationsToTheSameKafka() {
		assertThat(this.workloads.environment(RepositoryFiles.GATEWAY).get("INVOICE_KAFKA_BOOTSTRAP"))
			.isEqualTo(this.workloads.environment(RepositoryFiles.WORKER).get("INVOICE_KAFKA_BOOTSTRAP"));
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void neverLetsADeployedApplicationCreateTopics(String application) {
		// kafka-topics.yaml declares them; an application would create them with its own settings.
		assertThat(this.workloads.environment(application)).containsEntry("SPRING_KAFKA_ADMIN_AUTO_CREATE", "false")
			.doesNotContainKeys("INVOICE_GATEWAY_TOPICS_PARTITIONS", "INVOICE_GATEWAY_TOPICS_REPLICATION_FACTOR",
					"INVOICE_WORKER_PARTITIONS", "INVOICE_WORKER_REPLICATION_FACTOR");
	}

}
