package com.clinicbilling.gateway.submit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import com.clinicbilling.gateway.GatewayApplication;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.gateway.Tokens;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The W3C trace context of a submission travels with its command, so the worker logs under it. */
class TracePropagationIT {

	static EmbeddedKafkaKraftBroker broker;

	static ConfigurableApplicationContext gateway;

	static String base;

	@BeforeAll
	static void start() {
		broker = KafkaTestSupport.startBroker();
		gateway = GatewayApplication.builder()
			.run("--server.port=0", "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
					"--" + Tokens.SECRET_PROPERTY);
		base = "http://127.0.0.1:" + gateway.getEnvironment().getProperty("local.server.port");
	}

	@AfterAll
	static void stop() {
		gateway.close();
		broker.destroy();
	}

	@Test
	void putsTheCallersTraceIntoTheCommandsHeaders() throws Exception {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String key = UUID.randomUUID().toString();
		HttpClient http = HttpClient.newHttpClient();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
					HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/invoices"))
			.header("Authorization", "Bearer " + Tokens.forClinic(1, "invoices:write"))
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", key)
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.POST(HttpRequest.BodyPublishers.ofString(SubmitInvoiceIT.BODY))
			.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(202);
		ConsumerRecord<String, byte[]> command = KafkaTestSupport.readAll(broker.getBrokersAsString(), Topics.COMMANDS)
			.stream()
			.filter((r) -> r.key().equals("1:" + key))
			.findFirst()
			.orElseThrow();
		assertThat(new String(command.headers().lastHeader("traceparent").value(), StandardCharsets.US_ASCII))
			.startsWith("00-" + traceId + "-");
	}

}
