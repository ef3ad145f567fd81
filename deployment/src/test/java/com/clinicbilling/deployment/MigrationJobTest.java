package com.clinicbilling.deployment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** k8s/migration/: the Liquibase migrations as a Job of their own, before the workers roll out. */
class MigrationJobTest {

	private static final String NAME = "invoice-db-migration";

	private final KubernetesManifests migration = KubernetesManifests.load(KubernetesManifests.MIGRATION_DIRECTORY);

	private final Workloads workloads = new Workloads(KubernetesManifests.load());

	private final Job job = this.migration.named(Job.class, NAME);

	private final Container container = this.job.getSpec().getTemplate().getSpec().getContainers().get(0);

	@Test
	void migratesWithTheImageOfTheWorkerItPrecedesAndExits() {
		assertThat(this.job.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
		assertThat(this.container.getImage()).isEqualTo(this.workloads.container(RepositoryFiles.WORKER).getImage());
		assertThat(this.container.getArgs()).containsExactly("migrate");
		assertThat(this.container.getCommand()).as("the image's entrypoint").isEmpty();
		assertThat(this.job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
		assertThat(this.job.getSpec().getBackoffLimit()).isBetween(0, 2);
	}

	@Test
	void usesItsOwnCredentialsOnTheWorkersDatabaseWithTheWorkersContexts() {
		Kustomization kustomization = Kustomization.load(KubernetesManifests.MIGRATION_DIRECTORY);
		Map<String, String> config = this.migration.named(ConfigMap.class, NAME + "-config").getData();
		Map<String, String> worker = this.workloads.environment(RepositoryFiles.WORKER);

		assertThat(this.container.getEnvFrom()).extracting((source) -> source.getConfigMapRef() != null
				? source.getConfigMapRef().getName() : source.getSecretRef().getName())
			.containsExactly(NAME + "-config", "invoice-migration-secrets");
		assertThat(config).containsEntry("INVOICE_DB_URL", worker.get("INVOICE_DB_URL"))
			.containsEntry("INVOICE_DB_CONTEXTS", worker.get("INVOICE_DB_CONTEXTS"));
		Map<String, String> credentials = kustomization.secretExample("invoice-migration-secrets");
		assertThat(credentials).containsOnlyKeys("INVOICE_DB_USER", "INVOICE_DB_PASSWORD");
		assertThat(credentials.get("INVOICE_DB_USER")).isNotEqualTo(worker.get("INVOICE_DB_USER"));
		kustomization.secretEnvFiles().values().stream().flatMap(List::stream).forEach((file) -> assertThat(
				RepositoryFiles.read(".gitignore")).contains(KubernetesManifests.MIGRATION_DIRECTORY + "/"
						+ Path.of(file).getParent() + "/*.env"));
		assertThat(this.migration.all()).allSatisfy(
				(resource) -> assertThat(resource.getMetadata().getNamespace()).isEqualTo("invoices"));
	}

	@Test
	void leavesTheDeployedWorkerToVerifyTheSchemaOnly() {
		assertThat(this.workloads.environment(RepositoryFiles.WORKER)).containsEntry("INVOICE_DB_MIGRATE", "false");
		assertThat(ApplicationSettings.of(RepositoryFiles.WORKER).reads("INVOICE_DB_MIGRATE")).isTrue();
	}

	@Test
	void runsUnderTheRestrictedPodSecurityStandardLikeTheWorker() {
		PodSpec pod = this.job.getSpec().getTemplate().getSpec();
		PodSpec worker = this.workloads.deployment(RepositoryFiles.WORKER).getSpec().getTemplate().getSpec();

		assertThat(pod.getSecurityContext()).isEqualTo(worker.getSecurityContext());
		assertThat(this.container.getSecurityContext()).isEqualTo(this.workloads.container(RepositoryFiles.WORKER).getSecurityContext());
		assertThat(pod.getAutomountServiceAccountToken()).isFalse();
		assertThat(this.container.getResources().getLimits()).containsKeys("cpu", "memory");
	}

	@Test
	void mayReachOnlyDnsAndPostgres() {
		NetworkPolicy policy = this.migration.named(NetworkPolicy.class, NAME + "-egress");

		assertThat(policy.getSpec().getPodSelector().getMatchLabels()).containsExactly(Map.entry("app.kubernetes.io/name", NAME));
		assertThat(this.job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", NAME);
		assertThat(policy.getSpec().getEgress()).flatExtracting((rule) -> rule.getPorts())
			.extracting((port) -> port.getProtocol() + "/" + port.getPort().getIntVal())
			.containsExactlyInAnyOrder("UDP/53", "TCP/53", "TCP/5432");
	}

	@Test
	void kustomizationListsEveryManifestFile() {
		assertThat(Kustomization.load(KubernetesManifests.MIGRATION_DIRECTORY).resources()).containsExactlyInAnyOrderElementsOf(
				KubernetesManifests.manifestFiles(KubernetesManifests.MIGRATION_DIRECTORY).stream()
					.map(Path::getFileName)
					.map(Path::toString)
					.toList());
	}

}
