package com.clinicbilling.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operators' view: after some traffic, the meters of the runbook are on both Prometheus endpoints. */
class PrometheusMetricsIT {

	/**
	 * Metrics the runbook names that this test cannot see: those of the exporters beside ours (the
	 * Kafka exporter, kube-state-metrics), the Stripe stage's (off in the local stack), and the Kafka
	 * consumer's per-partition gauges (the client registers them only while it fetches a partition).
	 */
	private static final List<String> NOT_SEEN_HERE = List.of("kafka_consumergroup_", "kafka_topic_", "kube_",
			"invoice_stripe_", "kafka_consumer_fetch_manager_records_lag");

	/**
	 * A metric in the runbook's PromQL or prose: a name before a label selector, or with the unit
	 * suffix Micrometer gives counters and timers.
	 */
	private static final Pattern METRIC = Pattern.compile("\\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)(?:\\{|\\b)");

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

			Set<String> runbookMetrics = runbookMetrics();
			assertThat(runbookMetrics).contains("invoice_commands_submitted_total", "hikaricp_connections_pending");
			// The partition gauges appear once the monitors have seen the partitions.
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Set<String> exposed = names(scrape(stack.gatewayPort(), stack.metricsPassword()));
				exposed.addAll(names(scrape(stack.workerPort(), null)));
				assertThat(exposed).as("metrics the runbook names").containsAll(runbookMetrics);
			});
			String gateway = scrape(stack.gatewayPort(), stack.metricsPassword());
			String worker = await().atMost(Duration.ofSeconds(30))
				.until(() -> scrape(stack.workerPort(), null), (text) -> text.contains("invoice_commands_processed_total"));

			assertThat(gateway).contains("invoice_commands_submitted_total{outcome=\"accepted\"} 1.0")
				.contains("invoice_commands_submitted_total{outcome=\"idempotency-key-reused\"} 1.0")
				.contains("invoice_commands_submitted_total{outcome=\"invalid\"} 1.0")
				// The submit endpoint is not a Spring MVC handler; its requests keep their uri tag all the same.
				.containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*status=\"202\"[^}]*uri=\"/v1/invoices\"");
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

	/** The metrics of our applications that docs/runbook.md names. */
	private static Set<String> runbookMetrics() throws Exception {
		String runbook = Files.readString(Path.of("..", "docs", "runbook.md"));
		Set<String> metrics = new TreeSet<>();
		Matcher matcher = METRIC.matcher(runbook);
		while (matcher.find()) {
			String name = matcher.group(1);
			boolean selector = matcher.group().endsWith("{");
			if ((selector || name.endsWith("_total") || name.endsWith("_seconds"))
					&& NOT_SEEN_HERE.stream().noneMatch(name::equals)
					&& NOT_SEEN_HERE.stream().noneMatch((prefix) -> prefix.endsWith("_") && name.startsWith(prefix))) {
				metrics.add(name);
			}
		}
		return metrics;
	}

	/** The metric names of a Prometheus text exposition. */
	private static Set<String> names(String exposition) {
		Set<String> names = new TreeSet<>();
		for (String line : exposition.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				names.add(line.split("[{ ]", 2)[0]);
			}
		}
		return names;
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
