package com.clinicbilling.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Reads the Deployments of {@link KubernetesManifests} the way the kubelet would resolve them. */
final class Workloads {

	private final KubernetesManifests manifests;

	Workloads(KubernetesManifests manifests) {
		this.manifests = manifests;
	}

	Deployment deployment(String name) {
		return this.manifests.named(Deployment.class, name);
	}

	Container container(String deployment) {
		List<Container> containers = deployment(deployment).getSpec().getTemplate().getSpec().getContainers();
		if (containers.size() != 1) {
			throw new AssertionError(deployment + " should run one container, runs " + containers.size());
		}
		return containers.get(0);
	}

	/** The environment the container gets from its ConfigMaps and Secrets ({@code envFrom}). */
	Map<String, String> environment(String deployment) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (EnvFromSource source : container(deployment).getEnvFrom()) {
			if (source.getConfigMapRef() != null) {
				environment.putAll(this.manifests.named(ConfigMap.class, source.getConfigMapRef().getName()).getData());
			}
			if (source.getSecretRef() != null) {
				environment.putAll(this.manifests.named(Secret.class, source.getSecretRef().getName()).getStringData());
			}
		}
		return environment;
	}

	int intSetting(String deployment, String name) {
		String value = environment(deployment).get(name);
		if (value == null) {
			throw new AssertionError(deployment + " has no " + name);
		}
		return Integer.parseInt(value);
	}

	/** An absolute {@link IntOrString} (percentages are not used in these manifests). */
	static int absolute(IntOrString value) {
		if (value == null) {
			return 0;
		}
		if (value.getIntVal() == null) {
			throw new AssertionError("Expected a number, not a percentage: " + value.getStrVal());
		}
		return value.getIntVal();
	}

	/** The container port a probe or Service names, by name or number. */
	static int port(Container container, IntOrString port) {
		if (port.getIntVal() != null) {
			return port.getIntVal();
		}
		return container.getPorts().stream()
			.filter((declared) -> port.getStrVal().equals(declared.getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No container port named " + port.getStrVal()))
			.getContainerPort();
	}

}
