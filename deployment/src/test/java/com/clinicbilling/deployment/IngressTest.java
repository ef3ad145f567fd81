package com.clinicbilling.deployment;

import java.util.List;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The way in from outside: the API's paths, never the actuator. */
class IngressTest {

	private final KubernetesManifests manifests = KubernetesManifests.load();

	private final Ingress ingress = this.manifests.named(Ingress.class, RepositoryFiles.GATEWAY);

	@Test
	void routesTheApiTheConsoleAndTheOpenApiDocumentToTheGateway() {
		assertThat(paths()).extracting(HTTPIngressPath::getPath).containsExactlyInAnyOrder("/v1/", "/console/", "/v3/api-docs");
		Service service = this.manifests.named(Service.class, RepositoryFiles.GATEWAY);
		assertThat(paths()).allSatisfy((path) -> {
			assertThat(path.getPathType()).isEqualTo("Prefix");
			assertThat(path.getBackend().getService().getName()).isEqualTo(service.getMetadata().getName());
			assertThat(service.getSpec().getPorts())
				.anySatisfy((port) -> assertThat(port.getName()).isEqualTo(path.getBackend().getService().getPort().getName()));
		});
	}

	@Test
	void neverExposesTheActuator() {
		// "/" or "/actuator" as a prefix would publish health details and metrics.
		assertThat(paths()).extracting(HTTPIngressPath::getPath)
			.allSatisfy((path) -> assertThat("/actuator/prometheus").doesNotStartWith(path));
		assertThat(this.ingress.getSpec().getDefaultBackend()).isNull();
	}

	@Test
	void servesOnlyOverTls() {
		assertThat(this.ingress.getSpec().getTls()).singleElement()
			.satisfies((tls) -> assertThat(tls.getHosts()).containsExactlyElementsOf(
					this.ingress.getSpec().getRules().stream().map((rule) -> rule.getHost()).toList()));
	}

	private List<HTTPIngressPath> paths() {
		return this.ingress.getSpec().getRules().stream().flatMap((rule) -> rule.getHttp().getPaths().stream()).toList();
	}

}
