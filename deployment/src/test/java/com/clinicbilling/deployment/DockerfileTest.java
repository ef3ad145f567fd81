package com.clinicbilling.deployment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.clinicbilling.deployment.Dockerfile.Instruction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DockerfileTest {

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void buildsEveryStageFromTheJava17TemurinJre(String module) {
		List<Instruction> froms = Dockerfile.of(module).all("FROM");

		assertThat(froms).hasSize(2)
			.allSatisfy((from) -> assertThat(from.words().get(0)).isEqualTo("eclipse-temurin:17-jre"));
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void copiesIntoTheBuildStageExactlyOneExecutableJarOfThisModule(String module) {
		Dockerfile dockerfile = Dockerfile.of(module);
		Instruction copy = LayeredImage.jarCopy(dockerfile);

		assertThat(copy.sources()).singleElement().asString().startsWith("target/" + module + "-").endsWith("-exec.jar");
		List<Path> jars = LayeredImage.matches(dockerfile.context(), copy.sources().get(0));
		assumeTrue(!jars.isEmpty(), () -> "No " + copy.sources().get(0) + " in " + module
				+ " yet: build it first (./mvnw -B package); in the reactor this module runs after it");
		// A glob matching two files fails the build: COPY of several files needs a folder destination.
		assertThat(jars).as("jars matching %s", copy.sources()).hasSize(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void copiesOnlyFromTheBuildContextOrAnEarlierStage(String module) {
		Dockerfile dockerfile = Dockerfile.of(module);
		List<String> stages = dockerfile.all("FROM").stream()
			.filter((from) -> from.words().size() == 3)
			.map((from) -> from.words().get(2))
			.toList();

		assertThat(dockerfile.all("ADD")).as("ADD (use COPY)").isEmpty();
		assertThat(dockerfile.all("COPY")).allSatisfy((copy) -> {
			if (copy.flags().containsKey("from")) {
				assertThat(stages).contains(copy.flags().get("from"));
			}
			else {
				// Sources stay inside the context: nothing absolute, nothing above it.
				assertThat(copy.sources()).allSatisfy((source) -> assertThat(dockerfile.context().resolve(source).normalize())
					.startsWithRaw(dockerfile.context()));
			}
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void extractsTheJarWithBootsToolsJarModeIntoTheFolderTheLayersAreCopiedFrom(String module) {
		Dockerfile dockerfile = Dockerfile.of(module);
		List<String> run = LayeredImage.extraction(dockerfile).words();
		String jar = LayeredImage.jarCopy(dockerfile).destination();
		String workdir = dockerfile.all("WORKDIR").get(0).arguments();

		assertThat(run).startsWith("java", "-Djarmode=tools", "-jar", jar, "extract")
			.contains("--layers", "--launcher", "--destination");
		String destination = run.get(run.indexOf("--destination") + 1);
		assertThat(dockerfile.all("COPY")).filteredOn((copy) -> copy.flags().containsKey("from"))
			.allSatisfy((copy) -> assertThat(copy.sources().get(0)).startsWith(workdir + "/" + destination + "/"));
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void copiesTheFourLayersFromLeastToMostOftenChanged(String module) {
		assertThat(LayeredImage.copiedLayers(Dockerfile.of(module))).containsExactlyElementsOf(LayeredImage.LAYERS);
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void runsAsANumericUserThatIsNotRoot(String module) {
		Dockerfile dockerfile = Dockerfile.of(module);
		String user = dockerfile.last("USER").orElseThrow().arguments();

		assertThat(user).matches("\\d+:\\d+");
		assertThat(Integer.parseInt(user.split(":")[0])).isPositive();
		assertThat(dockerfile.finalStage()).contains(dockerfile.last("USER").get());
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void checksHealthOnTheActuatorReadinessOfTheExposedPortWithoutCurl(String module) {
		Dockerfile dockerfile = Dockerfile.of(module);
		Instruction healthcheck = Dockerfile.Instruction.of(dockerfile.last("HEALTHCHECK").orElseThrow().arguments());
		String exposed = dockerfile.last("EXPOSE").orElseThrow().arguments();

		// Exec form: bash (in the base image) speaks HTTP over /dev/tcp; sh would not know /dev/tcp.
		assertThat(healthcheck.keyword()).isEqualTo("CMD");
		List<String> command = healthcheck.words();
		assertThat(command).hasSize(3).startsWith("bash", "-c");
		String script = command.get(2);
		Matcher port = Pattern.compile("/dev/tcp/127\\.0\\.0\\.1/(\\S+?) ").matcher(script);
		assertThat(port.find()).as(script).isTrue();
		assertThat(expand(port.group(1), dockerfile.environment())).isEqualTo(exposed);
		assertThat(script).contains("GET /actuator/health/readiness HTTP/1.0", "' 200 '").doesNotContain("curl", "wget");
		assertThat(dockerfile.last("HEALTHCHECK").orElseThrow().flags()).containsKeys("interval", "timeout", "start-period",
				"retries");
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void startsTheExtractedApplicationWithBootsJarLauncher(String module) {
		Dockerfile dockerfile = Dockerfile.of(module);

		// The Temurin image's own entrypoint first: it adds mounted CA certificates to the trust store.
		assertThat(dockerfile.last("ENTRYPOINT").orElseThrow().words()).containsExactly("/__cacert_entrypoint.sh", "java",
				LayeredImage.JAR_LAUNCHER);
		assertThat(dockerfile.finalStage()).filteredOn((instruction) -> instruction.keyword().equals("COPY"))
			.allSatisfy((copy) -> assertThat(copy.destination()).isEqualTo("./"));
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void sizesTheHeapFromTheContainersMemoryLimitWithANamedCollector(String module) {
		// Under 2 CPUs or 1792 MB the JVM picks the serial collector unless one is named.
		assertThat(Dockerfile.of(module).environment().get("JAVA_TOOL_OPTIONS")).contains("-XX:+UseG1GC",
				"-XX:MaxRAMPercentage=75");
	}

	@Test
	void gatewayListensOnAllInterfacesOfItsContainer() {
		// gateway.properties binds to 127.0.0.1 for the local stack; unreachable inside a container.
		Map<String, String> environment = Dockerfile.of(RepositoryFiles.GATEWAY).environment();

		assertThat(environment).containsEntry("SERVER_ADDRESS", "0.0.0.0").containsEntry("SERVER_PORT", "8080");
	}

	@Test
	void workerServesItsActuatorOnPort8081() {
		Dockerfile dockerfile = Dockerfile.of(RepositoryFiles.WORKER);

		assertThat(dockerfile.environment()).containsEntry("INVOICE_WORKER_PORT", "8081");
		assertThat(dockerfile.last("EXPOSE").orElseThrow().arguments()).isEqualTo("8081");
	}

	/** Expands {@code $NAME} or {@code ${NAME}} from the Dockerfile's ENV, as the shell of a HEALTHCHECK does. */
	private static String expand(String value, Map<String, String> environment) {
		Matcher variable = Pattern.compile("\\$\\{?(\\w+)}?").matcher(value);
		return variable.replaceAll((match) -> environment.getOrDefault(match.group(1), ""));
	}

}
