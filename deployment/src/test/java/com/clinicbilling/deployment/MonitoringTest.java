package com.clinicbilling.deployment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus Operator resources: both applications scraped, the runbook's alerts as rules. */
class MonitoringTest {

	private static final String RUNBOOK = "docs/runbook.md";

	private final KubernetesManifests manifests = KubernetesManifests.load();

	private final Workloads workloads = new Workloads(this.manifests);

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void scrapesThePrometheusEndpointOnAPortTheContainerDeclares(String application) {
		GenericKubernetesResource monitor = this.manifests.custom("PodMonitor")
			.stream()
			.filter((resource) -> application.equals(resource.getMetadata().getName()))
			.findFirst()
			.orElseThrow();
		Map<String, Object> spec = spec(monitor);
		Container container = this.workloads.container(application);

		assertThat(YamlTree.map(spec, "selector").get("matchLabels"))
			.isEqualTo(this.workloads.deployment(application).getSpec().getSelector().getMatchLabels());
		assertThat(YamlTree.list(spec, "podMetricsEndpoints")).singleElement().satisfies((endpoint) -> {
			Map<String, Object> scrape = YamlTree.asMap(endpoint);
			assertThat(scrape.get("path")).isEqualTo("/actuator/prometheus");
			assertThat(container.getPorts()).extracting((port) -> port.getName()).contains((String) scrape.get("port"));
		});
	}

	@Test
	void turnsEveryAlertOfTheRunbookIntoARuleThatNamesItsSection() {
		Set<String> headings = DocumentLinksTest.headings(RepositoryFiles.read(RUNBOOK));
		List<Map<String, Object>> rules = rules();

		assertThat(rules).isNotEmpty().allSatisfy((rule) -> {
			assertThat(rule.get("expr")).asString().isNotBlank();
			String runbook = String.valueOf(YamlTree.map(rule, "annotations").get("runbook"));
			assertThat(runbook).startsWith(RUNBOOK + "#");
			assertThat(headings).contains(runbook.substring(runbook.indexOf('#') + 1));
		});
		assertThat(rules).extracting((rule) -> String.valueOf(YamlTree.map(rule, "annotations").get("runbook")))
			.containsAll(runbookAlerts());
	}

	@Test
	void usesTheRunbooksExpressionForEachAlert() {
		String runbook = RepositoryFiles.read(RUNBOOK).replaceAll("\\s+", " ");

		assertThat(rules()).allSatisfy((rule) -> assertThat(runbook).as(String.valueOf(rule.get("alert")))
			.contains(String.valueOf(rule.get("expr")).replaceAll("\\s+", " ").strip()));
	}

	/** The sections under "## Alerts" of the runbook, as links. */
	private static List<String> runbookAlerts() {
		List<String> alerts = new ArrayList<>();
		boolean inAlerts = false;
		for (String line : RepositoryFiles.read(RUNBOOK).split("\n")) {
			if (line.startsWith("## ")) {
				inAlerts = line.equals("## Alerts");
			}
			else if (inAlerts && line.startsWith("### ")) {
				alerts.add(RUNBOOK + "#" + DocumentLinksTest.headings(line).iterator().next());
			}
		}
		return alerts;
	}

	private List<Map<String, Object>> rules() {
		List<Map<String, Object>> rules = new ArrayList<>();
		for (GenericKubernetesResource rule : this.manifests.custom("PrometheusRule")) {
			for (Object group : YamlTree.list(spec(rule), "groups")) {
				YamlTree.list(YamlTree.asMap(group), "rules").forEach((each) -> rules.add(YamlTree.asMap(each)));
			}
		}
		return rules;
	}

	private static Map<String, Object> spec(GenericKubernetesResource resource) {
		return YamlTree.map(resource.getAdditionalProperties(), "spec");
	}

}
