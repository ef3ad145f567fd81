package com.clinicbilling.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operators' view: after some traffic, the meters of the runbook are on both Prometheus endpoints. */
class PrometheusMetricsIT {

	@TempDir
	Path data;

	@Test
	void exposesTheRunbooksMetersAfterTraffic() throws Exception {
		try (LocalStack stack = LocalStack.start(LocalStackIT.settings(this.data))) {
			StackClient client = new StackClient(stack.gatewayPort(), stack.token(1, "invoices:write invoices:read"));
			String key = "metrics-" + UUID.randomUUID();
			String requestId = client.submit(key, StackClient.invoiceBody(105, 7_777)).body().get("requestId").asString();
			assertThat(client.submit(key, StackClient.invoiceBody(105, 7_778)).status()).isEqualTo(422);
			assertThat(client.submit("bad key", StackClient.invoiceBody(105, 7_779)).status()).isEqualTo(400);
			await().atMost(Duration.ofMinutes(1))
				.until(() -> "CREATED".equals(client.status(requestId).body().get("status").asString()));

			String gateway = scrape(stack.gatewayPort(), stack.metricsPassword());
			String worker = await().atMost(Duration.ofSeconds(30))
				.until(() -> scrape(stack.workerPort(), null), (text) -> text.contains("invoice_commands_processed_total"));

			assertThat(gateway).contains("invoice_commands_submitted_total{outcome=\"accepted\"} 1.0")
				.contains("invoice_commands_submitted_total{outcome=\"idempotency-key-reused\"} 1.0")
				.contains("invoice_commands_submitted_total{outcome=\"invalid\"} 1.0");
			assertThat(worker).contains("invoice_commands_processed_total{outcome=\"CREATED\"} 1.0")
				.contains("invoice_command_latency_seconds_bucket")
				.contains("invoice_batch_size_count")
				.contains("invoice_batch_transaction_seconds_count")
				.contains("invoice_dead_letters_total")
				.contains("hikaricp_connections_active")
				.contains("hikaricp_connections_pending")
				.contains("kafka_consumer_fetch_manager_records_lag_max");
		}
	}

	/** @param password the gateway's scrape password (HTTP Basic, user prometheus); null for the worker */
	private static String scrape(int port, String password) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"));
		if (password != null) {
			request.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString(("prometheus:" + password).getBytes(StandardCharsets.UTF_8)));
		}
		HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}
