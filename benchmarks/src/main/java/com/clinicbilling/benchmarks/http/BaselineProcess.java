package com.clinicbilling.benchmarks.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
		int port = ChildJvm.freePort();
		List<String> command = new ArrayList<>(List.of(
				ChildJvm.java(), "-Xms256m", "-Xmx1g", "-cp",
				System.getProperty("java.class.path"), "com.clinicbilling.benchmarks.baseline.SeedBaselineApplication",
				"--server.port=" + port, "--baseline.mode=" + mode, "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=" + user, "--spring.datasource.password=" + password));
		command.addAll(extraArgs);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		BaselineProcess baseline = new BaselineProcess(process, port);
		ChildJvm.awaitReady(process, baseline.uri("/bench/ready"), (response) -> response.statusCode() == 200,
				Duration.ofSeconds(90), "The seed baseline", log);
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

	@Override
	public void close() {
		ChildJvm.stop(this.process, Duration.ofSeconds(15), "The seed baseline");
	}

}
