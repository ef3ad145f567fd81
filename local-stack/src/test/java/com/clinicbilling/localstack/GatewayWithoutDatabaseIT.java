package com.clinicbilling.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway holds no database connection (docs/architecture.md): with PostgreSQL down it still accepts and
 * answers status reads, and what it accepted is processed once the database is back.
 */
class GatewayWithoutDatabaseIT {

	@TempDir
	Path data;

	@Test
	void acceptsAndServesPendingWhilePostgresIsDownAndTheRequestIsCreatedOnceItIsBack() throws Exception {
		try (LocalStack stack = LocalStack.start(LocalStackIT.settings(this.data))) {
			StackClient client = new StackClient(stack.gatewayPort(), stack.token(1, "invoices:write invoices:read"));
			stack.stopPostgres();

			StackClient.Answer accepted = client.submit("no-db-" + UUID.randomUUID(), StackClient.invoiceBody(102, 7_777));

			assertThat(accepted.status()).isEqualTo(202);
			String requestId = accepted.body().get("requestId").asString();
			StackClient.Answer status = client.status(requestId);
			assertThat(status.status()).isEqualTo(200);
			assertThat(status.body().get("status").asString()).isEqualTo("PENDING");
			// The worker has the command but no database: it must keep retrying, not decide anything.
			await().during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(30))
				.until(() -> "PENDING".equals(client.status(requestId).body().get("status").asString()));

			stack.startPostgres();

			// The worker's back-off between retries grows to 30 s at most; generous for a loaded machine.
			await().atMost(Duration.ofMinutes(3))
				.until(() -> "CREATED".equals(client.status(requestId).body().get("status").asString()));
			assertThat(client.status(requestId).body().get("invoice").get("amount").asLong()).isEqualTo(7_777);
		}
	}

}
