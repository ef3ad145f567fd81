package com.clinicbilling.deployment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KubernetesManifestsTest {

	private final KubernetesManifests manifests = KubernetesManifests.load();

	@Test
	void parsesEveryManifestStrictlyIntoTheKubernetesModel() {
		assertThat(this.manifests.byFile()).hasSizeGreaterThanOrEqualTo(6)
			.allSatisfy((file, resources) -> assertThat(resources).as(file.toString()).isNotEmpty());
	}

	@Test
	void strictParsingRejectsAMisspelledField() {
		String misspelled = """
				apiVersion: apps/v1
				kind: Deployment
				metadata:
				  name: example
				spec:
				  template:
				    spec:
				      containers:
				        - name: example
				          image: example:1.0
				          readinesProbe:
				            httpGet: {path: /actuator/health/readiness, port: 8080}
				""";

		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesManifests.parse(misspelled))
			.withMessageContaining("readinesProbe");
	}

	@Test
	void strictParsingRejectsAKindTheModelDoesNotKnow() {
		String unknownKind = "apiVersion: v1\nkind: ConfigMapp\nmetadata:\n  name: example\n";

		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesManifests.parse(unknownKind));
	}

	@Test
	void strictParsingRejectsAValueOfTheWrongType() {
		String wrongType = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: example\nspec:\n  replicas: two\n";

		assertThatIllegalArgumentException().isThrownBy(() -> KubernetesManifests.parse(wrongType));
	}

	@Test
	void declaresEveryResourceTheDeploymentNeeds() {
		assertThat(this.manifests.all(Namespace.class)).hasSize(1);
		assertThat(this.manifests.all(ConfigMap.class)).hasSize(2);
		assertThat(this.manifests.all(Secret.class)).hasSize(2);
		assertThat(this.manifests.all(Deployment.class)).extracting((deployment) -> deployment.getMetadata().getName())
			.containsExactlyInAnyOrder(RepositoryFiles.GATEWAY, RepositoryFiles.WORKER);
		assertThat(this.manifests.all(Service.class)).hasSize(1);
		assertThat(this.manifests.all(HorizontalPodAutoscaler.class)).hasSize(1);
		assertThat(this.manifests.all(PodDisruptionBudget.class)).hasSize(2);
		assertThat(this.manifests.all(NetworkPolicy.class)).isNotEmpty();
	}

	@Test
	void putsEveryResourceInTheInvoicesNamespace() {
		String namespace = this.manifests.all(Namespace.class).get(0).getMetadata().getName();

		assertThat(namespace).isEqualTo("invoices");
		assertThat(this.manifests.all()).filteredOn((resource) -> !(resource instanceof Namespace))
			.allSatisfy((resource) -> assertThat(resource.getMetadata().getNamespace())
				.as(describe(resource)).isEqualTo(namespace));
	}

	@Test
	void enforcesTheRestrictedPodSecurityStandardOnTheNamespace() {
		Namespace namespace = this.manifests.all(Namespace.class).get(0);

		assertThat(namespace.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
	}

	@Test
	void givesEveryResourceAUniqueNamePerKind() {
		assertThat(this.manifests.all()).extracting((resource) -> resource.getKind() + "/" + resource.getMetadata().getName())
			.doesNotHaveDuplicates();
	}

	@Test
	void kustomizationListsEveryManifestFile() {
		Map<String, Object> kustomization = new Yaml()
			.load(RepositoryFiles.read(KubernetesManifests.DIRECTORY + "/" + KubernetesManifests.KUSTOMIZATION));
		List<String> listed = YamlTree.list(kustomization, "resources").stream().map(String::valueOf).toList();

		assertThat(listed).containsExactlyInAnyOrderElementsOf(
				KubernetesManifests.manifestFiles().stream().map(Path::getFileName).map(Path::toString).toList());
	}

	private static String describe(HasMetadata resource) {
		return resource.getKind() + "/" + resource.getMetadata().getName();
	}

}
