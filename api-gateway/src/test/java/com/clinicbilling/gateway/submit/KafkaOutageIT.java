package com.clinicbilling.gateway.submit;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.gateway.TcpForwarder;
import com.clinicbilling.schemas.Topics;
import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static com.clinicbilling.gateway.TestRequests.PROBLEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Kafka away under a running gateway, or not there yet when it starts: fast 503s, never a hang. */
class KafkaOutageIT {

	@Test
	void answers503WithinFiveSecondsAndKeepsServingKnownStatusesWhenKafkaGoesDown() {
		EmbeddedKafkaKraftBroker broker = KafkaTestSupport.startBroker();
		try (GatewayClient gateway = GatewayClient.start(broker.getBrokersAsString())) {
			gateway.awaitReady();
			HttpResponse<String> accepted = gateway.submit(SubmitInvoiceIT.WRITER, UUID.randomUUID().toString(),
					SubmitInvoiceIT.BODY);
			assertThat(accepted.statusCode()).as(SubmitInvoiceIT.describe(accepted)).isEqualTo(202);
			String requestId = JsonPath.read(accepted.body(), "$.requestId");

			broker.destroy();
			long started = System.nanoTime();
			HttpResponse<String> refused = gateway.submit(SubmitInvoiceIT.WRITER, UUID.randomUUID().toString(),
					SubmitInvoiceIT.BODY);
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(took).isLessThan(Duration.ofSeconds(5));
			assertThat(refused.headers().firstValue("Retry-After")).isPresent();
			assertThat((String) JsonPath.read(refused.body(), "$.type"))
				.isEqualTo(PROBLEMS + "kafka-unavailable");
			assertThat(gateway.get(SubmitInvoiceIT.WRITER, "/v1/invoice-requests/" + requestId).statusCode())
				.isEqualTo(200);
			await().atMost(Duration.ofSeconds(20))
				.until(() -> gateway.get(null, "/actuator/health").statusCode() == 503);
		}
	}

	@Test
	void becomesReadyAndDeclaresCompactedStatusTopicWhenKafkaStartsLater() throws IOException {
		int port = TcpForwarder.freePort();
		try (GatewayClient gateway = GatewayClient.start("127.0.0.1:" + port)) {
			assertThat(gateway.get(null, "/actuator/health").statusCode()).isEqualTo(503);
			long started = System.nanoTime();
			HttpResponse<String> refused = gateway.submit(SubmitInvoiceIT.WRITER, UUID.randomUUID().toString(),
					SubmitInvoiceIT.BODY);
			assertThat(refused.statusCode()).as(SubmitInvoiceIT.describe(refused)).isEqualTo(503);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

			EmbeddedKafkaKraftBroker broker = KafkaTestSupport.startBroker();
			String[] address = broker.getBrokersAsString().split(",")[0].split(":");
			try (TcpForwarder forwarder = new TcpForwarder(port, address[0], Integer.parseInt(address[1]))) {
				gateway.awaitReady();
				assertThat(gateway.submit(SubmitInvoiceIT.WRITER, UUID.randomUUID().toString(), SubmitInvoiceIT.BODY)
					.statusCode()).isEqualTo(202);
				ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.REQUEST_STATUS);
				Map<ConfigResource, Config> configs = broker.doWithAdminFunction((admin) -> admin
					.describeConfigs(List.of(topic)).all().toCompletionStage().toCompletableFuture().join());
				assertThat(configs.get(topic).get("cleanup.policy").value()).isEqualTo("compact,delete");
			}
			finally {
				broker.destroy();
			}
		}
	}

}
