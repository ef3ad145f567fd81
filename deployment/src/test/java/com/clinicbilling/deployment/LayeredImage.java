package com.clinicbilling.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;

import com.clinicbilling.deployment.Dockerfile.Instruction;

/** What the two-stage Dockerfiles of the applications have in common, read from a Dockerfile. */
final class LayeredImage {

	/** Spring Boot's default layers, least to most often changed. */
	static final List<String> LAYERS = List.of("dependencies", "spring-boot-loader", "snapshot-dependencies",
			"application");

	static final String JAR_LAUNCHER = "org.springframework.boot.loader.launch.JarLauncher";

	private LayeredImage() {
	}

	/** The COPY of the first stage that brings the executable jar in from the build context. */
	static Instruction jarCopy(Dockerfile dockerfile) {
		return dockerfile.all("COPY").stream()
			.filter((copy) -> !copy.flags().containsKey("from"))
			.filter((copy) -> copy.sources().stream().anyMatch((source) -> source.endsWith(".jar")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No COPY of the executable jar in " + dockerfile.context()));
	}

	/** The RUN that splits the jar into layers. */
	static Instruction extraction(Dockerfile dockerfile) {
		return dockerfile.all("RUN").stream()
			.filter((run) -> run.arguments().contains("-Djarmode=tools"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No layer extraction in " + dockerfile.context()));
	}

	/** The layer named by each {@code COPY --from=...}, in order. */
	static List<String> copiedLayers(Dockerfile dockerfile) {
		return dockerfile.all("COPY").stream()
			.filter((copy) -> copy.flags().containsKey("from"))
			.map((copy) -> Path.of(copy.sources().get(0)).getFileName().toString())
			.toList();
	}

	/** Files in the build context that match a COPY source (a glob, as Docker reads it). */
	static List<Path> matches(Path context, String source) {
		PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + source);
		Path parent = context.resolve(source).getParent();
		if (!Files.isDirectory(parent)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(parent)) {
			return files.filter((file) -> matcher.matches(context.relativize(file))).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
