package com.clinicbilling.gateway.submit;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.schemas.Topics;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static com.clinicbilling.gateway.TestRequests.PROBLEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Above capacity a submission is shed, not queued: with {@code max-in-flight} submissions in progress
 * (here one, waiting for a Kafka that does not acknowledge), the next one is answered 503 +
 * Retry-After at once and nothing is published for it; once the first is answered, its permit is
 * free again.
 */
class OverloadIT {

	@Test
	void shedsASubmissionOverTheInFlightBoundWithoutPublishingIt() {
		EmbeddedKafkaKraftBroker broker = KafkaTestSupport.startBroker();
		String bootstrap = broker.getBrokersAsString();
		try (GatewayClient gateway = GatewayClient.start(bootstrap, "--invoice.gateway.submit.max-in-flight=1",
				"--spring.kafka.producer.properties.interceptor.classes=" + HeldAcknowledgements.class.getName())) {
			gateway.awaitReady();
			HeldAcknowledgements.hold();
			try {
				CompletableFuture<HttpResponse<String>> waiting = CompletableFuture
					.supplyAsync(() -> gateway.submit(SubmitInvoiceIT.WRITER, "admitted", SubmitInvoiceIT.BODY));
				await().until(() -> HeldAcknowledgements.held() == 1);

				HttpResponse<String> shed = gateway.submit(SubmitInvoiceIT.WRITER, "shed", SubmitInvoiceIT.BODY);

				assertThat(shed.statusCode()).isEqualTo(503);
				assertThat(shed.headers().firstValue("Retry-After")).hasValue("5");
				assertThat(shed.headers().firstValue("Content-Type")).hasValueSatisfying(
						(type) -> assertThat(type).startsWith("application/problem+json"));
				assertThat((String) JsonPath.read(shed.body(), "$.type"))
					.isEqualTo(PROBLEMS + "overloaded");
				assertThat(waiting).isNotDone();
				assertThat(gateway.bean(MeterRegistry.class)
					.counter("invoice.commands.submitted", "outcome", "overloaded")
					.count()).isEqualTo(1);

				HeldAcknowledgements.release();
				assertThat(waiting.join().statusCode()).isEqualTo(202);
			}
			finally {
				HeldAcknowledgements.release();
			}
			// Admitted again once the bound has room: the shed request retried with its key is accepted, and
			// its command is in the topic once, from the retry.
			assertThat(gateway.submit(SubmitInvoiceIT.WRITER, "shed", SubmitInvoiceIT.BODY).statusCode()).isEqualTo(202);
			List<String> keys = KafkaTestSupport.readAll(bootstrap, Topics.COMMANDS)
				.stream()
				.map(ConsumerRecord::key)
				.toList();
			assertThat(keys).containsExactlyInAnyOrder(Topics.commandKey(1, "admitted"), Topics.commandKey(1, "shed"));
		}
		finally {
			broker.destroy();
		}
	}

}
