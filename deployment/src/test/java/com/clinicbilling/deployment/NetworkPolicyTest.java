package com.clinicbilling.deployment;

import java.net.URI;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkPolicyTest {

	private static final Set<String> DNS = Set.of("UDP/53", "TCP/53");

	/** Set by Kubernetes on every namespace. */
	private static final String NAMESPACE_LABEL = "kubernetes.io/metadata.name";

	private final KubernetesManifests manifests = KubernetesManifests.load();

	private final Workloads workloads = new Workloads(this.manifests);

	@Test
	void deniesAllIngressAndEgressByDefault() {
		assertThat(this.manifests.all(NetworkPolicy.class)).anySatisfy((policy) -> {
			assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEmpty();
			assertThat(policy.getSpec().getPodSelector().getMatchExpressions()).isEmpty();
			assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
			assertThat(policy.getSpec().getIngress()).isEmpty();
			assertThat(policy.getSpec().getEgress()).isEmpty();
		});
	}

	@Test
	void admitsTrafficFromAnywhereOnlyToTheGatewayOnPort8080() {
		for (NetworkPolicy policy : this.manifests.all(NetworkPolicy.class)) {
			for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
				if (rule.getFrom().isEmpty()) {
					assertThat(podsOf(policy)).as(policy.getMetadata().getName()).containsExactly(RepositoryFiles.GATEWAY);
					assertThat(ports(rule.getPorts())).containsExactly("TCP/8080");
				}
			}
		}
		assertThat(ingressPorts(RepositoryFiles.GATEWAY)).containsExactly("TCP/8080");
	}

	@Test
	void admitsToTheWorkerOnlyMetricsScrapingFromTheMonitoringNamespace() {
		List<NetworkPolicyIngressRule> rules = policiesFor(RepositoryFiles.WORKER).stream()
			.flatMap((policy) -> policy.getSpec().getIngress().stream())
			.toList();

		assertThat(rules).allSatisfy((rule) -> {
			assertThat(rule.getFrom()).singleElement()
				.satisfies((peer) -> assertThat(peer.getNamespaceSelector().getMatchLabels())
					.containsExactly(Map.entry(NAMESPACE_LABEL, "monitoring")));
			assertThat(ports(rule.getPorts())).containsExactly("TCP/8081");
		});
	}

	@Test
	void letsTheWorkerReachOnlyDnsKafkaPostgresAndStripeOverHttps() {
		assertThat(egressPorts(RepositoryFiles.WORKER)).containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/9092", "TCP/5432",
				"TCP/443");
	}

	@Test
	void letsTheGatewayReachOnlyDnsKafkaAndTheIdentityProvidersJwksOverHttps() {
		assertThat(egressPorts(RepositoryFiles.GATEWAY)).containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/9092", "TCP/443");
	}

	@Test
	void sendsDnsQueriesOnlyToKubeDns() {
		for (NetworkPolicy policy : this.manifests.all(NetworkPolicy.class)) {
			for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
				if (ports(rule.getPorts()).stream().anyMatch(DNS::contains)) {
					assertThat(ports(rule.getPorts())).isEqualTo(DNS);
					assertThat(rule.getTo()).singleElement().satisfies((peer) -> assertKubeDns(peer));
				}
			}
		}
	}

	@Test
	void allowsThePortsTheConfiguredKafkaAndPostgresListenOn() {
		for (String application : List.of(RepositoryFiles.GATEWAY, RepositoryFiles.WORKER)) {
			String bootstrap = this.workloads.environment(application).get("INVOICE_KAFKA_BOOTSTRAP");
			List<String> brokerPorts = Arrays.stream(bootstrap.split(","))
				.map((broker) -> "TCP/" + broker.substring(broker.lastIndexOf(':') + 1))
				.toList();
			assertThat(brokerPorts).as(application).isSubsetOf(egressPorts(application));
		}
		String database = this.workloads.environment(RepositoryFiles.WORKER).get("INVOICE_DB_URL");
		int databasePort = URI.create(database.substring("jdbc:".length())).getPort();
		assertThat(egressPorts(RepositoryFiles.WORKER)).contains("TCP/" + databasePort);
	}

	@Test
	void selectsEitherEveryPodOrThePodsOfExactlyOneApplication() {
		assertThat(this.manifests.all(NetworkPolicy.class)).isNotEmpty().allSatisfy((policy) -> {
			LabelSelector selector = policy.getSpec().getPodSelector();
			assertThat(selector.getMatchExpressions()).isEmpty();
			if (!selector.getMatchLabels().isEmpty()) {
				// A selector matching no pod would leave the application with default deny only.
				assertThat(podsOf(policy)).as(policy.getMetadata().getName()).hasSize(1);
			}
		});
	}

	private List<NetworkPolicy> policiesFor(String application) {
		return this.manifests.all(NetworkPolicy.class)
			.stream()
			.filter((policy) -> podsOf(policy).contains(application))
			.toList();
	}

	/** The applications whose pods a policy selects. */
	private List<String> podsOf(NetworkPolicy policy) {
		Map<String, String> selector = policy.getSpec().getPodSelector().getMatchLabels();
		return List.of(RepositoryFiles.GATEWAY, RepositoryFiles.WORKER).stream()
			.filter((application) -> this.workloads.deployment(application).getSpec().getTemplate().getMetadata().getLabels()
				.entrySet().containsAll(selector.entrySet()))
			.toList();
	}

	private Set<String> ingressPorts(String application) {
		Set<String> ports = new HashSet<>();
		policiesFor(application).forEach((policy) -> policy.getSpec()
			.getIngress()
			.forEach((rule) -> ports.addAll(ports(rule.getPorts()))));
		return ports;
	}

	private Set<String> egressPorts(String application) {
		Set<String> ports = new HashSet<>();
		policiesFor(application).forEach((policy) -> policy.getSpec().getEgress().forEach((rule) -> {
			// A rule without ports would open every port.
			assertThat(rule.getPorts()).as(policy.getMetadata().getName()).isNotEmpty();
			ports.addAll(ports(rule.getPorts()));
		}));
		return ports;
	}

	private static Set<String> ports(List<NetworkPolicyPort> ports) {
		Set<String> result = new HashSet<>();
		ports.forEach((port) -> result.add(port.getProtocol() + "/" + port.getPort().getIntVal()));
		return result;
	}

	private static void assertKubeDns(NetworkPolicyPeer peer) {
		assertThat(peer.getNamespaceSelector().getMatchLabels()).containsExactly(Map.entry(NAMESPACE_LABEL, "kube-system"));
		assertThat(peer.getPodSelector().getMatchLabels()).containsExactly(Map.entry("k8s-app", "kube-dns"));
	}

}
