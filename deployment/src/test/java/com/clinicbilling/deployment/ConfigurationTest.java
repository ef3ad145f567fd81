package com.clinicbilling.deployment;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** ConfigMaps and Secrets: what the applications get, and that nothing real is committed. */
class ConfigurationTest {

	private static final String PLACEHOLDER = "REPLACE_ME";

	/** Read by operators and the tests, not by the application. */
	private static final Set<String> OPERATOR_ONLY = Set.of("INVOICE_DB_CONNECTION_BUDGET");

	private final KubernetesManifests manifests = KubernetesManifests.load();

	private final Workloads workloads = new Workloads(this.manifests);

	@Test
	void holdsOnlyPlaceholdersInSecrets() {
		assertThat(this.manifests.all(Secret.class)).isNotEmpty().allSatisfy((secret) -> {
			assertThat(secret.getStringData()).as(secret.getMetadata().getName()).isNotEmpty()
				.allSatisfy((key, value) -> assertThat(value).as(key).isEqualTo(PLACEHOLDER));
			assertThat(secret.getData()).allSatisfy((key, value) -> assertThat(
					new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)).as(key).isEqualTo(PLACEHOLDER));
		});
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

	@Test
	void declaresTopicsReplicatedForProductionIfAnApplicationHasToCreateThem() {
		assertThat(this.workloads.intSetting(RepositoryFiles.GATEWAY, "INVOICE_GATEWAY_TOPICS_REPLICATION_FACTOR"))
			.isEqualTo(3);
		assertThat(this.workloads.intSetting(RepositoryFiles.WORKER, "INVOICE_WORKER_REPLICATION_FACTOR")).isEqualTo(3);
		assertThat(this.workloads.intSetting(RepositoryFiles.GATEWAY, "INVOICE_GATEWAY_TOPICS_PARTITIONS"))
			.isEqualTo(this.workloads.intSetting(RepositoryFiles.WORKER, "INVOICE_WORKER_PARTITIONS"));
	}

}
