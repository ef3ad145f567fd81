package com.clinicbilling.benchmarks.http;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seed baseline in a JVM of its own (as the gateway is in the local stack's), started from this
 * benchmark's class path and stopped by its own process handle.
 */
final class BaselineProcess implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(BaselineProcess.class);

	private final Process process;

	private final int port;

	private BaselineProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static BaselineProcess start(String mode, String jdbcUrl, String user, String password, Path log,
			List<String> extraArgs) throws IOException, InterruptedException {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xms256m", "-Xmx1g", "-cp",
				System.getProperty("java.class.path"), "com.clinicbilling.benchmarks.baseline.SeedBaselineApplication",
				"--server.port=" + port, "--baseline.mode=" + mode, "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=" + user, "--spring.datasource.password=" + password));
		command.addAll(extraArgs);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		BaselineProcess baseline = new BaselineProcess(process, port);
		baseline.awaitReady(Duration.ofSeconds(90), log);
		logger.info("Seed baseline '{}' ready on 127.0.0.1:{} (log {})", mode, port, log);
		return baseline;
	}

	int port() {
		return this.port;
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	/** Calls one of the baseline's bench endpoints (slow neighbour on and off). */
	void call(String method, String path) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<String> response = client.send(
				HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
					+ response.body());
		}
	}

	private void awaitReady(Duration timeout, Path log) throws InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The seed baseline exited with " + this.process.exitValue() + "; see " + log);
			}
			try {
				HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/bench/ready")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		close();
		throw new IllegalStateException("The seed baseline was not ready within " + timeout + "; see " + log);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(15, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
