package com.clinicbilling.localstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs a main class of the test sources in a separate JVM, so that JVM can be killed with SIGKILL. */
final class ChildJvm {

	private ChildJvm() {
	}

	/**
	 * Starts {@code mainClass} with this JVM's class path, its output going to {@code logFile} (a pipe nobody
	 * reads would block it). The last argument it gets is a marker file it creates once it is ready.
	 */
	static Process start(Class<?> mainClass, Path logFile, Path readyMarker, String... arguments) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(List.of(arguments));
		command.add(readyMarker.toString());
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
	}

	static void awaitReady(Process child, Path readyMarker, Path logFile, Duration timeout) throws IOException {
		await().atMost(timeout).until(() -> Files.exists(readyMarker) || !child.isAlive());
		assertThat(child.isAlive()).as("child JVM alive; its output:%n%s", Files.readString(logFile)).isTrue();
	}

	/** SIGKILL: no shutdown hook runs, exactly like {@code kill -9}. */
	static void kill(Process child) {
		child.destroyForcibly();
		await().atMost(Duration.ofSeconds(10)).until(() -> !child.isAlive());
	}

}
