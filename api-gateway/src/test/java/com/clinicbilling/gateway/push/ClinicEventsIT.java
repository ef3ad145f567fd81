package com.clinicbilling.gateway.push;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.clinicbilling.gateway.EventStream;
import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.gateway.Tokens;
import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static com.clinicbilling.gateway.TestRequests.BODY;
import static com.clinicbilling.gateway.TestRequests.CLINIC_1;
import static com.clinicbilling.gateway.TestRequests.CLINIC_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The clinic's event stream, resumption on another instance, CORS and the console's static files, on a
 * real broker with two gateway instances; the worker is played by the test.
 */
class ClinicEventsIT {

	static final String CLINIC_EVENTS = "/v1/invoice-requests/events";

	static final String ORIGIN = "https://billing.example";

	static final Duration PATIENCE = InvoiceEventsIT.PATIENCE;

	static EmbeddedKafkaKraftBroker broker;

	static GatewayClient one;

	static GatewayClient two;

	@BeforeAll
	static void start() {
		broker = KafkaTestSupport.startBroker();
		one = GatewayClient.startReady(broker.getBrokersAsString(), "--invoice.gateway.push.heartbeat-interval=200ms",
				"--invoice.gateway.cors.origins=" + ORIGIN + ", https://other.example");
		two = GatewayClient.startReady(broker.getBrokersAsString(), "--invoice.gateway.push.heartbeat-interval=200ms");
	}

	@AfterAll
	static void stop() {
		KafkaTestSupport.stop(broker, one, two);
	}

	@Test
	void sendsEveryChangeOfTheCallersClinicFromWhenItOpensAndNoOtherClinics() throws Exception {
		String before = submit(one, CLINIC_1);

		try (EventStream stream = one.events(CLINIC_1, CLINIC_EVENTS)) {
			await().atMost(PATIENCE).until(() -> !stream.events().isEmpty());
			assertThat(stream.statusCode()).isEqualTo(200);
			assertThat(stream.events().get(0).name()).isEqualTo("ready");
			String during = submit(one, CLINIC_1);
			String foreign = submit(one, CLINIC_2);
			publish(finish(before, 1));
			publish(finish(during, 1));
			publish(finish(foreign, 2));

			await().atMost(PATIENCE).until(() -> statuses(stream).contains(during + " CREATED")
					&& statuses(stream).contains(before + " CREATED"));
			assertThat(statuses(stream)).contains(during + " PENDING")
				.doesNotContain(before + " PENDING")
				.noneMatch((status) -> status.startsWith(foreign));
			assertThat(stream.events()).allSatisfy((event) -> assertThat(event.id()).isNotBlank());
			// Heartbeats keep it open after the changes.
			int comments = stream.comments().size();
			await().atMost(PATIENCE).until(() -> stream.comments().size() > comments);
			assertThat(stream.isCompleted()).isFalse();
		}
	}

	@Test
	void aClinicStreamResumedOnAnotherInstanceGetsTheChangesItMissedWithTheSameIds() throws Exception {
		String seen = submit(one, CLINIC_1);
		String missed = submit(one, CLINIC_1);
		String lastId;
		try (EventStream stream = one.events(CLINIC_1, CLINIC_EVENTS)) {
			await().atMost(PATIENCE).until(() -> !stream.events().isEmpty());
			publish(finish(seen, 1));
			await().atMost(PATIENCE).until(() -> statuses(stream).contains(seen + " CREATED"));
			lastId = last(stream, seen + " CREATED").id();
		}
		publish(finish(missed, 1));
		await().atMost(PATIENCE)
			.until(() -> two.get(CLINIC_1, "/v1/invoice-requests/" + missed).body().contains("CREATED"));

		try (EventStream onTwo = two.events(CLINIC_1, CLINIC_EVENTS, lastId);
				EventStream onOne = one.events(CLINIC_1, CLINIC_EVENTS, lastId)) {
			await().atMost(PATIENCE).until(() -> statuses(onTwo).contains(missed + " CREATED")
					&& statuses(onOne).contains(missed + " CREATED"));
			assertThat(statuses(onTwo)).doesNotContain(seen + " CREATED");
			assertThat(onTwo.events().get(0).name()).isEqualTo("ready");
			assertThat(onTwo.events().get(0).id()).isEqualTo(lastId);
			assertThat(last(onTwo, missed + " CREATED").id()).isEqualTo(last(onOne, missed + " CREATED").id());
		}
	}

	@Test
	void aClinicStreamNeedsTheReadScope() {
		try (EventStream writeOnly = one.events(Tokens.forClinic(1, "invoices:write"), CLINIC_EVENTS)) {
			await().atMost(PATIENCE).until(writeOnly::isCompleted);
			assertThat(writeOnly.statusCode()).isEqualTo(403);
		}
	}

	@Test
	void letsOnlyConfiguredOriginsCallTheApiFromABrowser() {
		String[] preflight = { "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers",
				"authorization,content-type,idempotency-key" };

		var allowed = one.exchange("OPTIONS", "/v1/invoices", with("Origin", ORIGIN, preflight));
		assertThat(allowed.statusCode()).isEqualTo(200);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
		assertThat(allowed.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
			.contains("authorization", "content-type", "idempotency-key");

		var stranger = one.exchange("OPTIONS", "/v1/invoices", with("Origin", "https://evil.example", preflight));
		assertThat(stranger.statusCode()).isEqualTo(403);
		assertThat(stranger.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

		var unconfigured = two.exchange("OPTIONS", "/v1/invoices", with("Origin", ORIGIN, preflight));
		assertThat(unconfigured.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

		String requestId = submit(one, CLINIC_1);
		var status = one.exchange("GET", "/v1/invoice-requests/" + requestId, "Origin", ORIGIN, "Authorization",
				"Bearer " + CLINIC_1);
		assertThat(status.statusCode()).isEqualTo(200);
		assertThat(status.headers().firstValue("Access-Control-Allow-Origin")).contains(ORIGIN);
		assertThat(status.headers().firstValue("Access-Control-Expose-Headers").orElseThrow())
			.contains("Location", "Retry-After");
	}

	@Test
	void servesTheConsoleAndTheClientItUsesWithoutAToken() {
		var page = one.get(null, "/console/");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
		assertThat(page.body()).contains("<title>Invoice console</title>");

		var client = one.get(null, "/console/client/index.js");
		assertThat(client.statusCode()).isEqualTo(200);
		assertThat(client.headers().firstValue("Content-Type").orElseThrow()).contains("javascript");

		assertThat(one.get(null, "/console").statusCode()).isEqualTo(302);
		assertThat(one.get(null, "/v1/invoice-requests/events").statusCode()).isEqualTo(401);
	}

	private static String[] with(String name, String value, String... more) {
		String[] headers = new String[more.length + 2];
		headers[0] = name;
		headers[1] = value;
		System.arraycopy(more, 0, headers, 2, more.length);
		return headers;
	}

	/** "requestId STATUS" of each status event so far. */
	private static List<String> statuses(EventStream stream) {
		return stream.events()
			.stream()
			.filter((event) -> event.name().equals("status"))
			.map((event) -> JsonPath.read(event.data(), "$.requestId") + " " + JsonPath.read(event.data(), "$.status"))
			.toList();
	}

	private static EventStream.Event last(EventStream stream, String status) {
		List<EventStream.Event> events = stream.events();
		for (int i = events.size() - 1; i >= 0; i--) {
			EventStream.Event event = events.get(i);
			if (event.name().equals("status") && (JsonPath.read(event.data(), "$.requestId") + " "
					+ JsonPath.read(event.data(), "$.status")).equals(status)) {
				return event;
			}
		}
		throw new AssertionError("No event " + status);
	}

	private static String submit(GatewayClient gateway, String token) {
		var answer = gateway.submit(token, UUID.randomUUID().toString(), BODY);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
		return JsonPath.read(answer.body(), "$.requestId");
	}

	/** The final status the worker would publish. */
	private static RequestStatus finish(String requestId, long clinicId) {
		return RequestStatus.newBuilder()
			.setRequestId(requestId)
			.setClinicId(clinicId)
			.setIdempotencyKey("key-" + requestId)
			.setBodyFingerprint("fingerprint")
			.setState(RequestState.CREATED)
			.setAcceptedAt(Instant.parse("2026-03-01T12:00:00Z"))
			.setCompletedAt(Instant.parse("2026-03-01T12:00:01Z"))
			.setInvoice(new InvoiceSummary(123L, InvoiceStatus.OPEN, 5000L, 5000L, 0L, "usd", null))
			.build();
	}

	private static void publish(RequestStatus status) throws Exception {
		KafkaTestSupport.send(broker.getBrokersAsString(), Topics.REQUEST_STATUS, status.getRequestId(),
				AvroSerde.requestStatus().encode(status));
	}

}
