package com.clinicbilling.gateway.submit;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.gateway.Tokens;
import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static com.clinicbilling.gateway.TestRequests.PROBLEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The submit and status round trip on a real broker, through real HTTP. */
class SubmitInvoiceIT {

	static final String BODY = """
			{"patientId": 101, "orderId": 5001,
			 "lineItems": [{"productId": 1, "quantity": 2},
			               {"description": "Consultation", "unitAmount": 5000, "quantity": 1}],
			 "memo": "first visit"}""";

	static final String WRITER = Tokens.forClinic(1, "invoices:write", "invoices:read");

	static final String OTHER_CLINIC = Tokens.forClinic(2, "invoices:write", "invoices:read");

	static EmbeddedKafkaKraftBroker broker;

	static GatewayClient gateway;

	@BeforeAll
	static void start() {
		broker = KafkaTestSupport.startBroker();
		gateway = GatewayClient.start(broker.getBrokersAsString());
		gateway.awaitReady();
	}

	@AfterAll
	static void stop() {
		KafkaTestSupport.stop(broker, gateway);
	}

	@Test
	void acceptsValidInvoiceAndStoresOnlyTheCommandInKafka() {
		String key = UUID.randomUUID().toString();

		HttpResponse<String> response = gateway.submit(WRITER, key, BODY);

		assertThat(response.statusCode()).isEqualTo(202);
		String requestId = JsonPath.read(response.body(), "$.requestId");
		String statusUrl = "/v1/invoice-requests/" + requestId;
		assertThat(response.headers().firstValue("Location")).contains(statusUrl);
		assertThat(response.headers().firstValue("Retry-After")).contains("1");
		assertThat((String) JsonPath.read(response.body(), "$.status")).isEqualTo("PENDING");
		assertThat((String) JsonPath.read(response.body(), "$.statusUrl")).isEqualTo(statusUrl);
		assertThat((String) JsonPath.read(response.body(), "$.eventsUrl")).isEqualTo(statusUrl + "/events");

		CreateInvoice command = AvroSerde.createInvoice().decode(only(Topics.COMMANDS, "1:" + key).value());
		assertThat(command.getRequestId()).isEqualTo(requestId);
		assertThat(command.getClinicId()).isEqualTo(1L);
		assertThat(command.getIdempotencyKey()).isEqualTo(key);
		assertThat(command.getSource()).isEqualTo(CommandSource.API);
		assertThat(command.getPatientId()).isEqualTo(101L);
		assertThat(command.getOrderId()).isEqualTo(5001L);
		assertThat(command.getCurrency()).isEqualTo("usd");
		assertThat(command.getMemo()).isEqualTo("first visit");
		assertThat(command.getLineItems()).hasSize(2);
		assertThat(command.getLineItems().get(0).getProductId()).isEqualTo(1L);
		assertThat(command.getLineItems().get(0).getQuantity()).isEqualTo(2);
		assertThat(command.getLineItems().get(1).getUnitAmount()).isEqualTo(5000L);
		assertThat(command.getBodyFingerprint()).hasSize(64);

		// The command is the PENDING status: nothing else is written when a request is accepted.
		assertThat(KafkaTestSupport.readAll(broker.getBrokersAsString(), Topics.REQUEST_STATUS))
			.noneMatch((record) -> requestId.equals(record.key()));

		HttpResponse<String> status = gateway.get(WRITER, statusUrl);
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.headers().firstValue("Retry-After")).contains("1");
		assertThat((String) JsonPath.read(status.body(), "$.status")).isEqualTo("PENDING");
		assertThat((String) JsonPath.read(status.body(), "$.acceptedAt"))
			.isEqualTo(command.getAcceptedAt().toString());
		assertThat(status.body()).doesNotContain("completedAt", "invoice", "null");
	}

	@Test
	void answersRetryWithSameRequestAndPublishesNothing() {
		String key = UUID.randomUUID().toString();
		String first = JsonPath.read(gateway.submit(WRITER, key, BODY).body(), "$.requestId");
		long commands = KafkaTestSupport.endOffsets(broker.getBrokersAsString(), Topics.COMMANDS);
		long statuses = KafkaTestSupport.endOffsets(broker.getBrokersAsString(), Topics.REQUEST_STATUS);

		HttpResponse<String> retry = gateway.submit(WRITER, key, BODY);

		assertThat(retry.statusCode()).isEqualTo(202);
		assertThat((String) JsonPath.read(retry.body(), "$.requestId")).isEqualTo(first);
		assertThat(retry.headers().firstValue("Location")).contains("/v1/invoice-requests/" + first);
		assertThat(KafkaTestSupport.endOffsets(broker.getBrokersAsString(), Topics.COMMANDS)).isEqualTo(commands);
		assertThat(KafkaTestSupport.endOffsets(broker.getBrokersAsString(), Topics.REQUEST_STATUS)).isEqualTo(statuses);
	}

	@Test
	void rejectsSameKeyWithDifferentBody() {
		String key = UUID.randomUUID().toString();
		gateway.submit(WRITER, key, BODY);

		HttpResponse<String> reused = gateway.submit(WRITER, key, BODY.replace("first visit", "second visit"));

		assertThat(reused.statusCode()).isEqualTo(422);
		assertThat(reused.headers().firstValue("Content-Type")).contains("application/problem+json");
		assertThat((String) JsonPath.read(reused.body(), "$.type")).isEqualTo(PROBLEMS + "idempotency-key-reused");
	}

	@Test
	void treatsTheSameKeyOfAnotherClinicAsAnotherRequest() {
		String key = UUID.randomUUID().toString();
		String mine = JsonPath.read(gateway.submit(WRITER, key, BODY).body(), "$.requestId");

		HttpResponse<String> theirs = gateway.submit(OTHER_CLINIC, key, BODY);

		assertThat(theirs.statusCode()).isEqualTo(202);
		assertThat((String) JsonPath.read(theirs.body(), "$.requestId")).isNotEqualTo(mine);
	}

	@Test
	void hidesRequestsOfOtherClinicsLikeUnknownOnes() {
		String requestId = JsonPath.read(gateway.submit(WRITER, UUID.randomUUID().toString(), BODY).body(),
				"$.requestId");

		HttpResponse<String> foreign = gateway.get(OTHER_CLINIC, "/v1/invoice-requests/" + requestId);
		HttpResponse<String> unknown = gateway.get(WRITER, "/v1/invoice-requests/" + UUID.randomUUID());

		for (HttpResponse<String> response : List.of(foreign, unknown)) {
			assertThat(response.statusCode()).isEqualTo(404);
			assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
			assertThat((String) JsonPath.read(response.body(), "$.type")).isEqualTo(PROBLEMS + "not-found");
		}
		assertThat((String) JsonPath.read(foreign.body(), "$.detail"))
			.isEqualTo(JsonPath.read(unknown.body(), "$.detail"));
	}

	@Test
	void answers401WithoutAValidTokenAnd403WithoutTheScope() {
		String key = UUID.randomUUID().toString();
		HttpResponse<String> none = gateway.submit(null, key, BODY);
		HttpResponse<String> forged = gateway.submit(
				Tokens.signedWith("another-secret-that-is-32-bytes-or-more", 1, "invoices:write"), key, BODY);
		HttpResponse<String> noClinic = gateway.submit(Tokens.withoutClinic("invoices:write"), key, BODY);
		HttpResponse<String> expired = gateway.submit(Tokens.expired(1, "invoices:write"), key, BODY);
		HttpResponse<String> algNone = gateway.submit(Tokens.unsigned(1, "invoices:write"), key, BODY);
		HttpResponse<String> readOnly = gateway.submit(Tokens.forClinic(1, "invoices:read"), key, BODY);
		HttpResponse<String> writeOnly = gateway.get(Tokens.forClinic(1, "invoices:write"),
				"/v1/invoice-requests/" + UUID.randomUUID());

		for (HttpResponse<String> response : List.of(none, forged, noClinic, expired, algNone)) {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(value) -> assertThat(value).startsWith("Bearer"));
			assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
			assertThat((String) JsonPath.read(response.body(), "$.type")).isEqualTo(PROBLEMS + "unauthorized");
		}
		for (HttpResponse<String> response : List.of(readOnly, writeOnly)) {
			assertThat(response.statusCode()).isEqualTo(403);
			assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
			assertThat((String) JsonPath.read(response.body(), "$.type")).isEqualTo(PROBLEMS + "forbidden");
		}
		assertThat(KafkaTestSupport.readAll(broker.getBrokersAsString(), Topics.COMMANDS))
			.noneMatch((record) -> record.key().endsWith(":" + key));
	}

	@Test
	void servesTheStatusTheWorkerPublishes() throws Exception {
		String key = UUID.randomUUID().toString();
		String requestId = JsonPath.read(gateway.submit(WRITER, key, BODY).body(), "$.requestId");
		CreateInvoice command = AvroSerde.createInvoice().decode(only(Topics.COMMANDS, "1:" + key).value());
		RequestStatus created = KafkaTestSupport.finalStatus(command, RequestState.CREATED)
			.setInvoice(new InvoiceSummary(123L, InvoiceStatus.OPEN, 64700L, 64700L, 0L, "usd", null))
			.build();

		KafkaTestSupport.send(broker.getBrokersAsString(), Topics.REQUEST_STATUS, requestId,
				AvroSerde.requestStatus().encode(created));

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			HttpResponse<String> status = gateway.get(WRITER, "/v1/invoice-requests/" + requestId);
			assertThat((String) JsonPath.read(status.body(), "$.status")).isEqualTo("CREATED");
			assertThat(status.headers().firstValue("Retry-After")).isEmpty();
			assertThat((String) JsonPath.read(status.body(), "$.completedAt")).isEqualTo("2026-03-01T12:00:01Z");
			assertThat((Integer) JsonPath.read(status.body(), "$.invoice.id")).isEqualTo(123);
			assertThat((String) JsonPath.read(status.body(), "$.invoice.status")).isEqualTo("OPEN");
			assertThat((Integer) JsonPath.read(status.body(), "$.invoice.amount")).isEqualTo(64700);
			assertThat((Integer) JsonPath.read(status.body(), "$.invoice.amountDue")).isEqualTo(64700);
			assertThat((Integer) JsonPath.read(status.body(), "$.invoice.amountPaid")).isEqualTo(0);
		});
		HttpResponse<String> retry = gateway.submit(WRITER, key, BODY);
		assertThat((String) JsonPath.read(retry.body(), "$.status")).isEqualTo("CREATED");
		assertThat(retry.headers().firstValue("Retry-After")).isEmpty();
	}

	@Test
	void refusesAChunkedBodyOverTheLimitWith413() {
		String large = BODY.replace("first visit", "m".repeat(70 * 1024));

		HttpResponse<String> response = gateway.submitChunked(WRITER, UUID.randomUUID().toString(), large);

		assertThat(response.statusCode()).isEqualTo(413);
		assertThat((String) JsonPath.read(response.body(), "$.type")).isEqualTo(PROBLEMS + "payload-too-large");
	}

	@Test
	void anotherInstanceRebuildsStatusesFromTheTopicAndRecognisesRetries() {
		String key = UUID.randomUUID().toString();
		String requestId = JsonPath.read(gateway.submit(WRITER, key, BODY).body(), "$.requestId");
		long commands = KafkaTestSupport.endOffsets(broker.getBrokersAsString(), Topics.COMMANDS);

		try (GatewayClient second = GatewayClient.start(broker.getBrokersAsString())) {
			second.awaitReady();

			HttpResponse<String> status = second.get(WRITER, "/v1/invoice-requests/" + requestId);
			HttpResponse<String> retry = second.submit(WRITER, key, BODY);
			HttpResponse<String> reused = second.submit(WRITER, key, BODY.replace("first visit", "other"));

			assertThat(status.statusCode()).isEqualTo(200);
			assertThat((String) JsonPath.read(retry.body(), "$.requestId")).isEqualTo(requestId);
			assertThat(reused.statusCode()).isEqualTo(422);
		}
		assertThat(KafkaTestSupport.endOffsets(broker.getBrokersAsString(), Topics.COMMANDS)).isEqualTo(commands);
	}

	@Test
	void restartedGatewayStillAnswersPendingForARequestAcceptedBeforeTheRestart() {
		String key = UUID.randomUUID().toString();
		String requestId;
		try (GatewayClient first = GatewayClient.start(broker.getBrokersAsString())) {
			first.awaitReady();
			requestId = JsonPath.read(first.submit(WRITER, key, BODY).body(), "$.requestId");
		}
		long commands = KafkaTestSupport.endOffsets(broker.getBrokersAsString(), Topics.COMMANDS);

		try (GatewayClient restarted = GatewayClient.start(broker.getBrokersAsString())) {
			restarted.awaitReady();

			HttpResponse<String> status = restarted.get(WRITER, "/v1/invoice-requests/" + requestId);
			assertThat(status.statusCode()).isEqualTo(200);
			assertThat((String) JsonPath.read(status.body(), "$.status")).isEqualTo("PENDING");
			assertThat(status.headers().firstValue("Retry-After")).contains("1");
			HttpResponse<String> retry = restarted.submit(WRITER, key, BODY);
			assertThat((String) JsonPath.read(retry.body(), "$.requestId")).isEqualTo(requestId);
			assertThat((String) JsonPath.read(retry.body(), "$.status")).isEqualTo("PENDING");
		}
		assertThat(KafkaTestSupport.endOffsets(broker.getBrokersAsString(), Topics.COMMANDS)).isEqualTo(commands);
	}

	@Test
	void exposesHealthWithoutATokenButNotMetrics() {
		HttpResponse<String> health = gateway.get(null, "/actuator/health");
		HttpResponse<String> readiness = gateway.get(null, "/actuator/health/readiness");
		HttpResponse<String> metrics = gateway.get(null, "/actuator/prometheus");

		assertThat(health.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(health.body(), "$.status")).isEqualTo("UP");
		assertThat((String) JsonPath.read(readiness.body(), "$.components.statusStore.status")).isEqualTo("UP");
		// No scrape credential is configured here: nobody can scrape (see EdgeHardeningIT for one that is).
		assertThat(metrics.statusCode()).isEqualTo(401);
		assertThat(metrics.body()).doesNotContain("jvm_memory_used_bytes");
	}


	private static ConsumerRecord<String, byte[]> only(String topic, String key) {
		return KafkaTestSupport.readAll(broker.getBrokersAsString(), topic)
			.stream()
			.filter((record) -> key.equals(record.key()))
			.reduce((a, b) -> {
				throw new AssertionError("More than one record with key " + key + " on " + topic);
			})
			.orElseThrow(() -> new AssertionError("No record with key " + key + " on " + topic));
	}

	/** An answer as a failed assertion should show it: status, the bearer error header and the body. */
	static String describe(HttpResponse<String> response) {
		return response.statusCode() + " " + response.headers().firstValue("WWW-Authenticate").orElse("") + " "
				+ response.body();
	}

}
