package com.clinicbilling.benchmarks.http;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JVM the benchmark starts (a local stack, a seed baseline): waiting until it answers over HTTP,
 * and stopping it as Ctrl-C would, forcibly when it does not stop in time.
 */
final class ChildJvm {

	private static final Logger logger = LoggerFactory.getLogger(ChildJvm.class);

	private ChildJvm() {
	}

	static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/**
	 * Polls {@code uri} until an answer passes {@code ready}; stops the process and fails when it
	 * exits or {@code timeout} passes first. {@code log} is named in the failure.
	 */
	static void awaitReady(Process process, URI uri, Predicate<HttpResponse<String>> ready, Duration timeout,
			String name, Path log) throws InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
			}
			try {
				HttpResponse<String> response = client.send(
						HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (ready.test(response)) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		stop(process, Duration.ofSeconds(15), name);
		throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + log);
	}

	/** SIGTERM, so shutdown hooks run; SIGKILL after {@code grace}. */
	static void stop(Process process, Duration grace, String name) {
		process.destroy();
		try {
			if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("{} did not stop within {}; killing it", name, grace);
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

}
