package com.clinicbilling.deployment;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DockerComposeTest {

	private static final String KAFKA = "kafka";

	private static final String TOPICS = "kafka-topics";

	private static final String POSTGRES = "postgres";

	private static final String MIGRATION = "db-migration";

	private final DockerCompose compose = DockerCompose.load();

	@Test
	void runsKafkaPostgresTheTopicCreationTheMigrationAndBothApplications() {
		assertThat(this.compose.services()).containsOnlyKeys(KAFKA, TOPICS, POSTGRES, MIGRATION, RepositoryFiles.WORKER,
				RepositoryFiles.GATEWAY);
		assertThat(this.compose.service(KAFKA).get("image")).asString().matches("apache/kafka:4\\.1\\.\\d+");
		assertThat(this.compose.service(TOPICS).get("image")).isEqualTo(this.compose.service(KAFKA).get("image"));
		// The same PostgreSQL minor version as the embedded one of the tests.
		assertThat(this.compose.service(POSTGRES).get("image")).asString().matches("postgres:17\\.\\d+");
		assertThat(this.compose.service(MIGRATION).get("image")).isEqualTo(this.compose.service(RepositoryFiles.WORKER).get("image"));
	}

	@Test
	void limitsTheMemoryOfEveryService() {
		this.compose.services().forEach((name, service) -> assertThat(YamlTree.asMap(service).get("mem_limit")).as(name)
			.asString()
			.matches("\\d+[mg]"));
	}

	@Test
	void buildsBothApplicationsFromTheirOwnDockerfile() {
		assertThat(this.compose.buildContexts().stream().distinct()).containsExactlyInAnyOrder(
				RepositoryFiles.resolve(RepositoryFiles.WORKER), RepositoryFiles.resolve(RepositoryFiles.GATEWAY));
		assertThat(this.compose.buildContexts())
			.allSatisfy((context) -> assertThat(context.resolve("Dockerfile")).isRegularFile());
	}

	@Test
	void givesEveryLongRunningServiceAHealthCheck() {
		for (String service : List.of(KAFKA, POSTGRES)) {
			Map<String, Object> healthcheck = YamlTree.map(this.compose.service(service), "healthcheck");
			assertThat(YamlTree.list(healthcheck, "test")).as(service).first().isEqualTo("CMD-SHELL");
			assertThat(healthcheck).as(service).containsKeys("interval", "timeout", "retries");
		}
		// The applications' health check is their image's, in one place (DockerfileTest).
		for (String application : List.of(RepositoryFiles.WORKER, RepositoryFiles.GATEWAY)) {
			assertThat(this.compose.service(application)).as(application).doesNotContainKey("healthcheck");
			assertThat(Dockerfile.of(application).last("HEALTHCHECK")).as(application).isPresent();
		}
		assertThat(this.compose.service(TOPICS)).as("a one-shot service").containsEntry("restart", "no");
		assertThat(this.compose.service(MIGRATION)).as("a one-shot service").containsEntry("restart", "no");
	}

	@Test
	void startsEachServiceOnlyOnceWhatItNeedsIsHealthyOrDone() {
		assertThat(this.compose.dependsOn(TOPICS)).containsExactly(entry(KAFKA, condition("service_healthy")));
		assertThat(this.compose.dependsOn(MIGRATION)).containsExactly(entry(POSTGRES, condition("service_healthy")));
		assertThat(this.compose.dependsOn(RepositoryFiles.WORKER)).containsOnly(
				entry(POSTGRES, condition("service_healthy")), entry(KAFKA, condition("service_healthy")),
				entry(TOPICS, condition("service_completed_successfully")),
				entry(MIGRATION, condition("service_completed_successfully")));
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
					if (YamlTree.asMap(condition).get("condition").equals("service_completed_successfully")) {
						assertThat(this.compose.service(dependency)).as("%s waits for %s", name, dependency)
							.containsEntry("restart", "no");
					}
				});
			}
		});
	}

	@Test
	void publishesTheGatewayKafkaAndPostgresOnTheLoopbackInterfaceOnly() {
		assertThat(YamlTree.list(this.compose.service(RepositoryFiles.GATEWAY), "ports")).containsExactly("127.0.0.1:8080:8080");
		// The local stack's ports: the CLIs, the backfill and an IDE work with their defaults.
		assertThat(YamlTree.list(this.compose.service(KAFKA), "ports")).containsExactly("127.0.0.1:19092:19092");
		assertThat(YamlTree.list(this.compose.service(POSTGRES), "ports")).containsExactly("127.0.0.1:15432:5432");
		this.compose.services().forEach((name, service) -> {
			if (!List.of(RepositoryFiles.GATEWAY, KAFKA, POSTGRES).contains(name)) {
				assertThat(YamlTree.asMap(service)).as(name).doesNotContainKey("ports");
			}
		});
	}

	@Test
	void pointsBothApplicationsAtTheBrokersAdvertisedListener() {
		String advertised = String.valueOf(this.compose.environment(KAFKA).get("KAFKA_ADVERTISED_LISTENERS"));

		assertThat(advertised).isEqualTo("PLAINTEXT://kafka:9092,HOST://localhost:19092");
		assertThat(this.compose.environment(KAFKA).get("KAFKA_LISTENERS")).asString().contains("HOST://:19092");
		assertThat(this.compose.environment(KAFKA).get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).asString()
			.contains("HOST:PLAINTEXT");
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
	void migratesAsTheSchemaOwnerAndRunsTheWorkerAsAUserWithoutDdlRights() {
		Map<String, Object> postgres = this.compose.environment(POSTGRES);
		Map<String, Object> migration = this.compose.environment(MIGRATION);
		Map<String, Object> worker = this.compose.environment(RepositoryFiles.WORKER);
		String url = "jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB");

		assertThat(YamlTree.list(this.compose.service(MIGRATION), "command")).containsExactly("migrate");
		assertThat(migration).contains(entry("INVOICE_DB_URL", url), entry("INVOICE_DB_USER", postgres.get("POSTGRES_USER")),
				entry("INVOICE_DB_PASSWORD", postgres.get("POSTGRES_PASSWORD")), entry("INVOICE_DB_CONTEXTS", "demo"));
		assertThat(worker).contains(entry("INVOICE_DB_URL", url), entry("INVOICE_DB_MIGRATE", "false"),
				entry("INVOICE_DB_CONTEXTS", "demo"), entry("INVOICE_WORKER_CONCURRENCY", "2"),
				entry("INVOICE_WORKER_PORT", "8081"));
		assertThat(worker.get("INVOICE_DB_USER")).isNotEqualTo(postgres.get("POSTGRES_USER"));
		// The postgres image's init script creates that user.
		String init = initScript();
		assertThat(init).contains("CREATE ROLE " + worker.get("INVOICE_DB_USER") + " LOGIN PASSWORD '"
				+ worker.get("INVOICE_DB_PASSWORD") + "'");
		assertThat(init).doesNotContainIgnoringCase("GRANT ALL").doesNotContainIgnoringCase("GRANT CREATE");
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.WORKER, RepositoryFiles.GATEWAY })
	void leavesTopicCreationToTheOneShot(String application) {
		assertThat(this.compose.environment(application)).containsEntry("SPRING_KAFKA_ADMIN_AUTO_CREATE", "false");
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
	void isAValidComposeFileForDockerCompose() throws Exception {
		// Debian's docker-compose 1.29 validates without an engine; skipped where it is not installed.
		assumeTrue(onPath("docker-compose"), "docker-compose is not installed");

		Process process = new ProcessBuilder("docker-compose", "-f", "docker-compose.yml", "config", "-q")
			.directory(RepositoryFiles.root().toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

		assertThat(process.waitFor()).as(output).isZero();
	}

	@Test
	void devTokenScriptSignsWithTheGatewaysDevSecret() throws Exception {
		assumeTrue(onPath("openssl"), "openssl is not installed");
		String compose = String.valueOf(this.compose.environment(RepositoryFiles.GATEWAY).get("INVOICE_JWT_SECRET"));
		String secret = compose.substring(compose.indexOf(":-") + 2, compose.length() - 1);

		ProcessBuilder builder = new ProcessBuilder("bash", "bin/dev-token", "2", "invoices:read")
			.directory(RepositoryFiles.root().toFile());
		builder.environment().remove("INVOICE_JWT_SECRET");
		Process process = builder.start();
		String token = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

		assertThat(process.waitFor()).isZero();
		String[] parts = token.split("\\.");
		assertThat(parts).hasSize(3);
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.UTF_8));
		assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);
		String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		assertThat(claims).contains("\"clinic_id\":2", "\"scope\":\"invoices:read\"", "\"exp\":");
	}

	private static boolean onPath(String command) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch((folder) -> Files.isExecutable(Path.of(folder, command)));
	}

	@Test
	void namesOnlyEnvironmentVariablesTheApplicationsRead() {
		for (String worker : List.of(RepositoryFiles.WORKER, MIGRATION)) {
			assertThat(this.compose.environment(worker).keySet()).allSatisfy(
					(name) -> assertThat(ApplicationSettings.of(RepositoryFiles.WORKER).reads(name)).as(name).isTrue());
		}
		assertThat(this.compose.environment(RepositoryFiles.GATEWAY).keySet())
			.allSatisfy((name) -> assertThat(ApplicationSettings.of(RepositoryFiles.GATEWAY).reads(name)).as(name).isTrue());
	}

	private String initScript() {
		List<Object> volumes = YamlTree.list(this.compose.service(POSTGRES), "volumes");
		String mount = volumes.stream().map(String::valueOf).filter((volume) -> volume.contains("/docker-entrypoint-initdb.d/"))
			.findFirst()
			.orElseThrow();
		return RepositoryFiles.read(mount.substring(0, mount.indexOf(':')));
	}

	private static Map<String, Object> condition(String condition) {
		return Map.of("condition", condition);
	}

}
