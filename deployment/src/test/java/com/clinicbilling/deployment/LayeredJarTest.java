package com.clinicbilling.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs the Dockerfiles' first stage here, without Docker: the jar the COPY picks, the RUN's own
 * extraction command, and checks that every layer the second stage copies comes out of it.
 */
class LayeredJarTest {

	@TempDir
	Path stage;

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void extractionProducesEveryLayerTheImageCopies(String module) throws Exception {
		Dockerfile dockerfile = Dockerfile.of(module);
		copyJarAsTheDockerfileDoes(dockerfile);
		List<String> extraction = LayeredImage.extraction(dockerfile).words();
		Path extracted = this.stage.resolve(extraction.get(extraction.indexOf("--destination") + 1));

		run(extraction);

		assertThat(LayeredImage.copiedLayers(dockerfile))
			.allSatisfy((layer) -> assertThat(extracted.resolve(layer)).isDirectory());
		assertThat(extracted.resolve("spring-boot-loader")
			.resolve(LayeredImage.JAR_LAUNCHER.replace('.', '/') + ".class")).isRegularFile();
		assertThat(extracted.resolve("application/BOOT-INF/classes")).isDirectory();
		assertThat(extracted.resolve("dependencies/BOOT-INF/lib")).isDirectory();
	}

	@ParameterizedTest
	@ValueSource(strings = { RepositoryFiles.GATEWAY, RepositoryFiles.WORKER })
	void jarListsItsLayersInTheOrderTheImageCopiesThem(String module) throws Exception {
		Dockerfile dockerfile = Dockerfile.of(module);
		String jar = copyJarAsTheDockerfileDoes(dockerfile);

		List<String> layers = run(List.of("java", "-Djarmode=tools", "-jar", jar, "list-layers"));

		assertThat(layers).containsExactlyElementsOf(LayeredImage.copiedLayers(dockerfile));
	}

	/** Puts the module's executable jar where the COPY puts it; returns its name. */
	private String copyJarAsTheDockerfileDoes(Dockerfile dockerfile) throws IOException {
		Dockerfile.Instruction copy = LayeredImage.jarCopy(dockerfile);
		List<Path> jars = LayeredImage.matches(dockerfile.context(), copy.sources().get(0));
		assumeTrue(jars.size() == 1, () -> "Needs exactly one " + copy.sources().get(0) + " in "
				+ dockerfile.context() + ", found " + jars.size() + ": run ./mvnw -B package first");
		Files.copy(jars.get(0), this.stage.resolve(copy.destination()));
		return copy.destination();
	}

	/** Runs a command of the Dockerfile in the stage folder with this JVM's java; returns its output lines. */
	private List<String> run(List<String> command) throws Exception {
		List<String> resolved = new ArrayList<>(command);
		resolved.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// Files, not pipes: a full pipe would block the child. Stderr apart, as JVM notices go there.
		Path output = this.stage.resolve("command-output.txt");
		Path errors = this.stage.resolve("command-errors.txt");
		Process process = new ProcessBuilder(resolved).directory(this.stage.toFile())
			.redirectOutput(output.toFile())
			.redirectError(errors.toFile())
			.start();
		boolean finished = process.waitFor(2, TimeUnit.MINUTES);
		if (!finished) {
			process.destroyForcibly();
		}
		List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
		String errorText = Files.readString(errors, StandardCharsets.UTF_8);
		Files.delete(output);
		Files.delete(errors);
		assertThat(finished).as("%s finished in time", command).isTrue();
		assertThat(process.exitValue()).as("exit code of %s, output %s %s", command, lines, errorText).isZero();
		return lines.stream().map(String::strip).filter((line) -> !line.isEmpty()).toList();
	}

}
