package com.clinicbilling.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Waits for the contract's readiness signal, {@code GET /actuator/health} answering UP, so the
 * stack says it is up only once a command can be accepted and processed.
 */
final class GatewayReadiness {

	private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

	private GatewayReadiness() {
	}

	static void await(int port, Duration timeout) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
			.timeout(Duration.ofSeconds(5))
			.build();
		long deadline = System.nanoTime() + timeout.toNanos();
		String last = "no answer";
		while (System.nanoTime() < deadline) {
			try {
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("\"status\":\"UP\"")) {
					return;
				}
				last = response.statusCode() + " " + response.body();
				Thread.sleep(POLL_INTERVAL.toMillis());
			}
			catch (IOException ex) {
				last = ex.toString();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for the gateway", ex);
			}
		}
		throw new IllegalStateException("The gateway was not ready within " + timeout + ": " + last);
	}

}
