package com.clinicbilling.deployment;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class DockerComposeTest {

	private static final String KAFKA = "kafka";

	private static final String TOPICS = "kafka-topics";

	private static final String POSTGRES = "postgres";

	private final DockerCompose compose = DockerCompose.load();

	@Test
	void runsKafkaPostgresTheTopicCreationAndBothApplications() {
		assertThat(this.compose.services()).containsOnlyKeys(KAFKA, TOPICS, POSTGRES, RepositoryFiles.WORKER,
				RepositoryFiles.GATEWAY);
		assertThat(this.compose.service(KAFKA).get("image")).asString().startsWith("apache/kafka:4.1.");
		assertThat(this.compose.service(TOPICS).get("image")).isEqualTo(this.compose.service(KAFKA).get("image"));
		assertThat(this.compose.service(POSTGRES).get("image")).asString().matches("postgres:17(\\.\\d+)?");
	}

	@Test
	void buildsBothApplicationsFromTheirOwnDockerfile() {
		assertThat(this.compose.buildContexts()).containsExactlyInAnyOrder(
				RepositoryFiles.resolve(RepositoryFiles.WORKER), RepositoryFiles.resolve(RepositoryFiles.GATEWAY));
		assertThat(this.compose.buildContexts())
			.allSatisfy((context) -> assertThat(context.resolve("Dockerfile")).isRegularFile());
	}

	@Test
	void givesEveryLongRunningServiceAHealthCheck() {
		for (String service : List.of(KAFKA, POSTGRES, RepositoryFiles.WORKER, RepositoryFiles.GATEWAY)) {
			Map<String, Object> healthcheck = YamlTree.map(this.compose.service(service), "healthcheck");
			assertThat(YamlTree.list(healthcheck, "test")).as(service).first().isEqualTo("CMD-SHELL");
			assertThat(healthcheck).as(service).containsKeys("interval", "timeout", "retries");
		}
		assertThat(this.compose.service(TOPICS)).as("a one-shot service").containsEntry("restart", "no");
	}

	@Test
	void checksApplicationHealthOnTheActuatorReadinessEndpoint() {
		assertThat(healthCommand(RepositoryFiles.GATEWAY)).contains("http://127.0.0.1:8080/actuator/health/readiness");
		assertThat(healthCommand(RepositoryFiles.WORKER)).contains("http://127.0.0.1:8081/actuator/health/readiness");
	}

	@Test
	void startsEachServiceOnlyOnceWhatItNeedsIsHealthyOrDone() {
		assertThat(this.compose.dependsOn(TOPICS)).containsExactly(entry(KAFKA, condition("service_healthy")));
		assertThat(this.compose.dependsOn(RepositoryFiles.WORKER)).containsOnly(
				entry(POSTGRES, condition("service_healthy")), entry(KAFKA, condition("service_healthy")),
				entry(TOPICS, condition("service_completed_successfully")));
		// The gateway holds no database connection: it must not wait for PostgreSQL.
		assertThat(this.compose.dependsOn(RepositoryFiles.GATEWAY)).containsOnly(
				entry(KAFKA, condition("service_healthy")), entry(TOPICS, condition("service_completed_successfully")));
	}

	@Test
	void waitsForHealthOnlyOnServicesThatHaveAHealthCheck() {
		this.compose.services().forEach((name, service) -> {
			Object dependsOn = YamlTree.asMap(service).get("depends_on");
			if (dependsOn != null) {
				YamlTree.asMap(dependsOn).forEach((dependency, condition) -> {
					if (YamlTree.asMap(condition).get("condition").equals("service_healthy")) {
						assertThat(this.compose.service(dependency)).as("%s waits for %s", name, dependency)
							.containsKey("healthcheck");
					}
				});
			}
		});
	}

	@Test
	void publishesTheGatewayOnPort8080OfTheLoopbackInterfaceOnly() {
		List<Object> ports = YamlTree.list(this.compose.service(RepositoryFiles.GATEWAY), "ports");

		assertThat(ports).containsExactly("127.0.0.1:8080:8080");
		this.compose.services().forEach((name, service) -> {
			if (!name.equals(RepositoryFiles.GATEWAY)) {
				assertThat(YamlTree.asMap(service)).as(name).doesNotContainKey("ports");
			}
		});
	}

	@Test
	void createsTheContractTopicsWithSixPartitionsAndACompactedStatusTopic() {
		String script = String.join("\n", YamlTree.list(this.compose.service(TOPICS), "command").stream()
			.map(String::valueOf)
			.toList());

		assertThat(script).contains("kafka-topics.sh", "--partitions 6", "--if-not-exists");
		assertThat(script).containsPattern("--topic invoice\\.commands\\s*\n");
		assertThat(script).containsPattern("--topic invoice\\.request-status --config cleanup\\.policy=compact");
		assertThat(script).containsPattern("--topic invoice\\.commands-dlt\\s*\n");
		// The one-shot container must fail when a creation fails, or the applications start regardless.
		assertThat(script).startsWith("/bin/sh\n-c\nset -e");
	}

	@Test
	void pointsBothApplicationsAtTheBrokersAdvertisedListener() {
		String advertised = String.valueOf(this.compose.environment(KAFKA).get("KAFKA_ADVERTISED_LISTENERS"));

		assertThat(advertised).isEqualTo("PLAINTEXT://kafka:9092");
		assertThat(this.compose.environment(RepositoryFiles.WORKER)).containsEntry("INVOICE_KAFKA_BOOTSTRAP", "kafka:9092");
		assertThat(this.compose.environment(RepositoryFiles.GATEWAY)).containsEntry("INVOICE_KAFKA_BOOTSTRAP", "kafka:9092");
	}

	@Test
	void configuresTheSingleBrokerForTheGatewaysTransactions() {
		// The broker's defaults want three replicas of the transaction log: the gateway's transactional
		// producer would then fail on a single broker.
		assertThat(this.compose.environment(KAFKA)).contains(entry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", 1),
				entry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", 1), entry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", 1),
				entry("KAFKA_PROCESS_ROLES", "broker,controller"));
	}

	@Test
	void connectsTheWorkerToThePostgresServiceAndLoadsTheDemoData() {
		Map<String, Object> postgres = this.compose.environment(POSTGRES);

		assertThat(this.compose.environment(RepositoryFiles.WORKER)).contains(
				entry("INVOICE_DB_URL", "jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB")),
				entry("INVOICE_DB_USER", postgres.get("POSTGRES_USER")),
				entry("INVOICE_DB_PASSWORD", postgres.get("POSTGRES_PASSWORD")),
				entry("INVOICE_WORKER_CONCURRENCY", "2"), entry("INVOICE_WORKER_PORT", "8081"),
				entry("INVOICE_DB_CONTEXTS", "demo"));
		assertThat(postgres).containsOnly(entry("POSTGRES_DB", "invoice"), entry("POSTGRES_USER", "invoice"),
				entry("POSTGRES_PASSWORD", "invoice"));
	}

	@Test
	void givesTheGatewayAnOverridableDevOnlyJwtSecretOfAtLeast32Bytes() {
		String secret = String.valueOf(this.compose.environment(RepositoryFiles.GATEWAY).get("INVOICE_JWT_SECRET"));

		Matcher fallback = Pattern.compile("^\\$\\{INVOICE_JWT_SECRET:-(.+)}$").matcher(secret);
		assertThat(fallback.matches()).as(secret).isTrue();
		assertThat(fallback.group(1)).contains("dev-only", "insecure");
		assertThat(fallback.group(1).getBytes(StandardCharsets.UTF_8)).hasSizeGreaterThanOrEqualTo(32);
	}

	@Test
	void namesOnlyEnvironmentVariablesTheApplicationsRead() {
		assertThat(this.compose.environment(RepositoryFiles.WORKER).keySet())
			.allSatisfy((name) -> assertThat(ApplicationSettings.of(RepositoryFiles.WORKER).reads(name)).as(name).isTrue());
		assertThat(this.compose.environment(RepositoryFiles.GATEWAY).keySet())
			.allSatisfy((name) -> assertThat(ApplicationSettings.of(RepositoryFiles.GATEWAY).reads(name)).as(name).isTrue());
	}

	private String healthCommand(String service) {
		return String.valueOf(YamlTree.list(YamlTree.map(this.compose.service(service), "healthcheck"), "test").get(1));
	}

	private static Map<String, Object> condition(String condition) {
		return Map.of("condition", condition);
	}

}
