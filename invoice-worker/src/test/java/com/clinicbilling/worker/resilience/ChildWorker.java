package com.clinicbilling.worker.resilience;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.clinicbilling.worker.WorkerApplication;

/**
 * A worker in its own JVM, so a test can kill it the hard way (SIGKILL): no shutdown hook, no
 * graceful stop of the consumer, no offset commit.
 */
final class ChildWorker implements AutoCloseable {

	private final Process process;

	private ChildWorker(Process process) {
		this.process = process;
	}

	static ChildWorker start(String bootstrapServers, String jdbcUrl, int concurrency, Path log) throws IOException {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
				System.getProperty("java.class.path"), WorkerApplication.class.getName()));
		command.addAll(WorkerFixture.arguments(bootstrapServers, jdbcUrl, concurrency));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.directory(new File("."))
			.start();
		return new ChildWorker(process);
	}

	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
