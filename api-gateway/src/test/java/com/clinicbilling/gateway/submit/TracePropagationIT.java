package com.clinicbilling.gateway.submit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.clinicbilling.gateway.GatewayApplication;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.gateway.Tokens;
import com.clinicbilling.schemas.Topics;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The W3C trace context of a submission travels with its command, so the worker logs under it; spans
 * leave the process over OTLP only when an endpoint is configured.
 */
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

	@Test
	void exportsNoSpansWithoutAnEndpoint() {
		assertThat(gateway.getBeansOfType(SpanExporter.class)).isEmpty();
	}

	@Test
	void sendsSpansToTheConfiguredOtlpEndpoint() throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		collector.createContext("/", (exchange) -> {
			received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		collector.start();
		try (ConfigurableApplicationContext traced = GatewayApplication.builder()
			.run("--server.port=0", "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
					"--" + Tokens.SECRET_PROPERTY, "--management.tracing.sampling.probability=1.0",
					"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
							+ collector.getAddress().getPort() + "/v1/traces")) {
			String tracedBase = "http://127.0.0.1:" + traced.getEnvironment().getProperty("local.server.port");
			HttpClient http = HttpClient.newHttpClient();

			http.send(HttpRequest.newBuilder(URI.create(tracedBase + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.discarding());

			await().atMost(Duration.ofSeconds(30)).until(() -> received.contains("POST /v1/traces"));
		}
		finally {
			collector.stop(0);
		}
	}

}
