package com.clinicbilling.localstack;

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
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The whole system as a newcomer runs it: one process, real broker, real PostgreSQL, over HTTP. */
class LocalStackIT {

	@TempDir
	Path data;

	@Test
	void makesOneInvoicePerKeyForTwentyConcurrentClientsAndNoneWhenTheyRepeat() throws Exception {
		LocalStackSettings settings = settings(this.data);
		try (LocalStack stack = LocalStack.start(settings)) {
			StackClient client = new StackClient(stack.gatewayPort(), stack.token(1, "invoices:write invoices:read"));
			assertThat(client.health().body().get("status").asString()).isEqualTo("UP");
			// Local mode shows the API description as a page.
			assertThat(HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.gatewayPort() + "/api-docs/index.html"))
					.build(), HttpResponse.BodyHandlers.ofString())
				.statusCode()).isEqualTo(200);
			String prefix = "e2e-" + UUID.randomUUID() + "-";

			List<String> first = submitAll(client, prefix, 200, 20);
			await().atMost(Duration.ofMinutes(2))
				.until(() -> first.stream()
					.filter((id) -> "CREATED".equals(client.status(id).body().get("status").asString()))
					.count() == 200);
			List<String> again = submitAll(client, prefix, 200, 20);

			assertThat(again).containsExactlyElementsOf(first);
			assertThat(invoices(settings, prefix)).isEqualTo(200);
			// A later submission is processed after any repeat would have been: still no second invoice.
			String marker = client.submit(prefix + "marker", StackClient.invoiceBody(110, 999_999))
				.body()
				.get("requestId")
				.asString();
			await().atMost(Duration.ofMinutes(1))
				.until(() -> "CREATED".equals(client.status(marker).body().get("status").asString()));
			assertThat(invoices(settings, prefix)).isEqualTo(201);
		}
	}

	@Test
	void keepsItsDataAndStatusesAcrossARestartOnTheSameFolder() throws Exception {
		LocalStackSettings settings = settings(this.data);
		String requestId;
		try (LocalStack stack = LocalStack.start(settings)) {
			StackClient client = new StackClient(stack.gatewayPort(), stack.token(1, "invoices:write invoices:read"));
			requestId = client.submit("restart-" + UUID.randomUUID(), StackClient.invoiceBody(101, 4_242))
				.body()
				.get("requestId")
				.asString();
			await().atMost(Duration.ofMinutes(1))
				.until(() -> "CREATED".equals(client.status(requestId).body().get("status").asString()));
		}

		try (LocalStack stack = LocalStack.start(settings)) {
			StackClient client = new StackClient(stack.gatewayPort(), stack.token(1, "invoices:read"));
			assertThat(client.health().status()).isEqualTo(200);
			StackClient.Answer status = client.status(requestId);
			assertThat(status.status()).isEqualTo(200);
			assertThat(status.body().get("status").asString()).isEqualTo("CREATED");
			assertThat(status.body().get("invoice").get("amount").asLong()).isEqualTo(4_242);
		}
	}

	private static List<String> submitAll(StackClient client, String prefix, int count, int clients)
			throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			List<Future<StackClient.Answer>> answers = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int n = i;
				answers.add(pool.submit(() -> client.submit(prefix + n, StackClient.invoiceBody(101 + n % 10, 1_000 + n))));
			}
			List<String> requestIds = new ArrayList<>();
			for (Future<StackClient.Answer> answer : answers) {
				assertThat(answer.get().status()).isEqualTo(202);
				requestIds.add(answer.get().body().get("requestId").asString());
			}
			return requestIds;
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static long invoices(LocalStackSettings settings, String keyPrefix) {
		JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(
				"jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/invoice", "invoice", "invoice"));
		return jdbc.queryForObject("select count(*) from invoices where idempotency_key like ?", Long.class,
				keyPrefix + "%");
	}

	static LocalStackSettings settings(Path data) throws IOException {
		return new LocalStackSettings(freePort(), 0, freePort(), freePort(), data, null, null);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
