package com.clinicbilling.deployment;

import java.util.List;

import com.clinicbilling.schemas.Topics;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The numbers that keep the system inside its limits: gateways scale with traffic, workers never
 * exceed the partitions, and database connections never exceed the budget the DBA granted.
 */
class CapacityTest {

	private static final String BUDGET_ANNOTATION = "invoices.example/db-connection-budget";

	private final KubernetesManifests manifests = KubernetesManifests.load();

	private final Workloads workloads = new Workloads(this.manifests);

	@Test
	void leavesTheGatewaysReplicaCountToItsAutoscaler() {
		// A replicas field would reset the HPA's count on every apply.
		assertThat(this.workloads.deployment(RepositoryFiles.GATEWAY).getSpec().getReplicas()).isNull();
	}

	@Test
	void autoscalesTheGatewayDeploymentNeverBelowTwoReplicas() {
		HorizontalPodAutoscaler hpa = this.manifests.named(HorizontalPodAutoscaler.class, RepositoryFiles.GATEWAY);

		assertThat(hpa.getSpec().getScaleTargetRef().getApiVersion()).isEqualTo("apps/v1");
		assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
		assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(RepositoryFiles.GATEWAY);
		assertThat(hpa.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2);
		assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
		// Utilization is measured against the request: without one the HPA cannot act.
		assertThat(this.workloads.container(RepositoryFiles.GATEWAY).getResources().getRequests()).containsKey("cpu");
	}

	@Test
	void neverAutoscalesTheWorkerBecauseEachReplicaHoldsDatabaseConnections() {
		assertThat(this.manifests.all(HorizontalPodAutoscaler.class))
			.noneSatisfy((hpa) -> assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(RepositoryFiles.WORKER));
	}

	@Test
	void runsNoMoreWorkersThanCommandPartitions() {
		assertThat(workerReplicas()).isBetween(1, partitions(Topics.COMMANDS));
	}

	@Test
	void runsNoMoreConsumerThreadsThanPartitions() {
		// A thread without a partition sits idle and still holds its database connection.
		assertThat(workerReplicas() * concurrency()).isLessThanOrEqualTo(partitions(Topics.COMMANDS));
		assertThat(workerReplicas() * stripeConcurrency()).isLessThanOrEqualTo(partitions(Topics.STRIPE_SYNC));
	}

	@Test
	void keepsWorkerDatabaseConnectionsWithinTheBudgetEvenDuringARollout() {
		Deployment worker = this.workloads.deployment(RepositoryFiles.WORKER);
		RollingUpdateDeployment rollout = worker.getSpec().getStrategy().getRollingUpdate();
		int mostPodsAtOnce = workerReplicas() + Workloads.absolute(rollout.getMaxSurge());

		assertThat(worker.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
		// Each worker has two pools: the intake's (one connection per consumer thread) and the Stripe stage's.
		assertThat(mostPodsAtOnce * (concurrency() + stripeConcurrency()))
			.as("(replicas + maxSurge) x (INVOICE_WORKER_CONCURRENCY + INVOICE_WORKER_STRIPE_CONCURRENCY)")
			.isLessThanOrEqualTo(budget());
	}

	@Test
	void statesTheSameConnectionBudgetInTheAnnotationAndTheConfigMap() {
		String configured = this.manifests.named(ConfigMap.class, RepositoryFiles.WORKER + "-config")
			.getData()
			.get("INVOICE_DB_CONNECTION_BUDGET");

		assertThat(configured).isEqualTo(String.valueOf(budget()));
	}

	@Test
	void letsOnePodOfEachApplicationBeDrainedAtATime() {
		PodDisruptionBudget gateway = this.manifests.named(PodDisruptionBudget.class, RepositoryFiles.GATEWAY);
		int fewestGateways = this.manifests.named(HorizontalPodAutoscaler.class, RepositoryFiles.GATEWAY)
			.getSpec()
			.getMinReplicas();
		PodDisruptionBudget worker = this.manifests.named(PodDisruptionBudget.class, RepositoryFiles.WORKER);

		assertThat(Workloads.absolute(gateway.getSpec().getMinAvailable()))
			.isBetween(1, fewestGateways - 1);
		assertThat(Workloads.absolute(worker.getSpec().getMaxUnavailable())).isEqualTo(1);
		for (PodDisruptionBudget pdb : List.of(gateway, worker)) {
			String name = pdb.getMetadata().getName();
			assertThat(pdb.getSpec().getSelector()).isEqualTo(this.workloads.deployment(name).getSpec().getSelector());
		}
	}

	private int workerReplicas() {
		return this.workloads.deployment(RepositoryFiles.WORKER).getSpec().getReplicas();
	}

	private int concurrency() {
		return this.workloads.intSetting(RepositoryFiles.WORKER, "INVOICE_WORKER_CONCURRENCY");
	}

	private int stripeConcurrency() {
		return this.workloads.intSetting(RepositoryFiles.WORKER, "INVOICE_WORKER_STRIPE_CONCURRENCY");
	}

	private int partitions(String topic) {
		return this.manifests.custom("KafkaTopic").stream()
			.filter((declared) -> topic.equals(declared.getMetadata().getName()))
			.map((declared) -> ((Number) YamlTree.map(declared.getAdditionalProperties(), "spec").get("partitions")).intValue())
			.findFirst()
			.orElseThrow(() -> new AssertionError("No KafkaTopic " + topic));
	}

	private int budget() {
		String annotation = this.workloads.deployment(RepositoryFiles.WORKER)
			.getMetadata()
			.getAnnotations()
			.get(BUDGET_ANNOTATION);
		assertThat(annotation).as(BUDGET_ANNOTATION).isNotNull();
		return Integer.parseInt(annotation);
	}

}
