package com.clinicbilling.deployment;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class WorkloadTest {

	private final KubernetesManifests manifests = KubernetesManifests.load();

	private final Workloads workloads = new Workloads(this.manifests);

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void probesReadinessAndLivenessOnTheActuatorProbeGroups(String name) {
		Container container = this.workloads.container(name);

		assertHttpProbe(container, container.getReadinessProbe(), "/actuator/health/readiness");
		assertHttpProbe(container, container.getLivenessProbe(), "/actuator/health/liveness");
		// Start-up (migrations, status catch-up) must not count against liveness.
		assertHttpProbe(container, container.getStartupProbe(), "/actuator/health/liveness");
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void listensOnThePortItsImageExposes(String name) {
		String exposed = Dockerfile.of(name).last("EXPOSE").orElseThrow().arguments();

		assertThat(this.workloads.container(name).getPorts()).singleElement()
			.satisfies((port) -> assertThat(port.getContainerPort()).isEqualTo(Integer.parseInt(exposed)));
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void requestsAndLimitsCpuAndMemoryWithMemoryRequestEqualToItsLimit(String name) {
		Map<String, Quantity> requests = this.workloads.container(name).getResources().getRequests();
		Map<String, Quantity> limits = this.workloads.container(name).getResources().getLimits();

		assertThat(requests).containsKeys("cpu", "memory");
		assertThat(limits).containsKeys("cpu", "memory");
		assertThat(amount(requests.get("cpu"))).isLessThanOrEqualTo(amount(limits.get("cpu")));
		assertThat(amount(requests.get("memory"))).isEqualTo(amount(limits.get("memory")));
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void runsAnImageWithATagPinnedToAPatchVersion(String name) {
		String image = this.workloads.container(name).getImage();
		String lastSegment = image.substring(image.lastIndexOf('/') + 1);

		assertThat(lastSegment).as(image).matches(name + ":\\d+\\.\\d+\\.\\d+");
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void runsAsTheUnprivilegedUserOfItsImage(String name) {
		PodSpec pod = this.workloads.deployment(name).getSpec().getTemplate().getSpec();
		PodSecurityContext podContext = pod.getSecurityContext();
		String[] imageUser = Dockerfile.of(name).last("USER").orElseThrow().arguments().split(":");

		assertThat(podContext.getRunAsNonRoot()).isTrue();
		assertThat(podContext.getRunAsUser()).isEqualTo(Long.parseLong(imageUser[0]));
		assertThat(podContext.getRunAsGroup()).isEqualTo(Long.parseLong(imageUser[1]));
		assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
		assertThat(pod.getAutomountServiceAccountToken()).as("no Kubernetes API access needed").isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void dropsEveryCapabilityAndWritesOnlyToItsVolumes(String name) {
		Container container = this.workloads.container(name);
		SecurityContext context = container.getSecurityContext();

		assertThat(context.getAllowPrivilegeEscalation()).isFalse();
		assertThat(context.getReadOnlyRootFilesystem()).isTrue();
		assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
		assertThat(context.getCapabilities().getAdd()).isEmpty();
		// The gateway's status store has a volume of its own, where its image expects it.
		assertThat(container.getVolumeMounts()).extracting((mount) -> mount.getMountPath())
			.containsExactlyInAnyOrderElementsOf(name.equals(RepositoryFiles.GATEWAY)
					? List.of("/tmp", Dockerfile.of(name).environment().get("INVOICE_GATEWAY_STATUS_DIRECTORY"))
					: List.of("/tmp"));
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void selectsExactlyThePodsOfItsOwnTemplate(String name) {
		Deployment deployment = this.workloads.deployment(name);
		Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();

		assertThat(selector).containsExactly(Map.entry("app.kubernetes.io/name", name));
		assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(selector);
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void takesItsSettingsFromItsOwnConfigMapAndSecret(String name) {
		Container container = this.workloads.container(name);

		assertThat(container.getEnvFrom()).extracting((source) -> source.getConfigMapRef() != null
				? source.getConfigMapRef().getName() : source.getSecretRef().getName())
			.containsExactly(name + "-config", name + "-secrets");
		assertThat(container.getEnv()).as("settings belong in the ConfigMap").isEmpty();
	}

	@Test
	void exposesTheGatewayServiceOnPort8080OfTheGatewayPods() {
		Service service = this.manifests.named(Service.class, RepositoryFiles.GATEWAY);
		Container container = this.workloads.container(RepositoryFiles.GATEWAY);

		assertThat(service.getSpec().getSelector())
			.containsExactly(Map.entry("app.kubernetes.io/name", RepositoryFiles.GATEWAY));
		List<ServicePort> ports = service.getSpec().getPorts();
		assertThat(ports).singleElement().satisfies((port) -> {
			assertThat(port.getPort()).isEqualTo(8080);
			assertThat(Workloads.port(container, port.getTargetPort())).isEqualTo(8080);
		});
	}

	private static void assertHttpProbe(Container container, Probe probe, String path) {
		assertThat(probe).as("%s probe on %s", container.getName(), path).isNotNull();
		assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
		assertThat(Workloads.port(container, probe.getHttpGet().getPort()))
			.isEqualTo(container.getPorts().get(0).getContainerPort());
	}

	private static BigDecimal amount(Quantity quantity) {
		return Quantity.getAmountInBytes(quantity);
	}

}
