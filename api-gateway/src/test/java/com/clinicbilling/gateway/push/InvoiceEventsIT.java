package com.clinicbilling.gateway.push;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.clinicbilling.gateway.EventStream;
import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.gateway.Tokens;
import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
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
import static com.clinicbilling.gateway.TestRequests.PROBLEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Server-sent status events on a real broker, through real HTTP, with the worker played by the test. */
class InvoiceEventsIT {

	/** Generous: the machine is shared with other builds. */
	static final Duration PATIENCE = Duration.ofSeconds(20);

	static EmbeddedKafkaKraftBroker broker;

	static GatewayClient gateway;

	@BeforeAll
	static void start() {
		broker = KafkaTestSupport.startBroker();
		gateway = GatewayClient.startReady(broker.getBrokersAsString(), "--invoice.gateway.push.heartbeat-interval=200ms");
	}

	@AfterAll
	static void stop() {
		KafkaTestSupport.stop(broker, gateway);
	}

	@Test
	void streamsPendingAtOnceThenTheWorkersFinalStatusAndCompletes() throws Exception {
		String requestId = submit(CLINIC_1);

		try (EventStream stream = gateway.events(CLINIC_1, eventsOf(requestId))) {
			await().atMost(PATIENCE).until(() -> stream.events().size() == 1);
			assertThat(stream.statusCode()).isEqualTo(200);
			assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/event-stream"));
			EventStream.Event pending = stream.events().get(0);
			assertThat(pending.name()).isEqualTo("status");
			assertThat((String) JsonPath.read(pending.data(), "$.requestId")).isEqualTo(requestId);
			assertThat((String) JsonPath.read(pending.data(), "$.status")).isEqualTo("PENDING");
			assertThat(pending.data()).isEqualTo(gateway.get(CLINIC_1, statusOf(requestId)).body());

			publish(finish(requestId, RequestState.CREATED));

			await().atMost(PATIENCE).until(stream::isCompleted);
			assertThat(stream.events()).hasSize(2);
			EventStream.Event created = stream.events().get(1);
			assertThat(created.name()).isEqualTo("status");
			assertThat((String) JsonPath.read(created.data(), "$.status")).isEqualTo("CREATED");
			assertThat((Integer) JsonPath.read(created.data(), "$.invoice.id")).isEqualTo(123);
			assertThat((Integer) JsonPath.read(created.data(), "$.invoice.amount")).isEqualTo(5000);
			assertThat((String) JsonPath.read(created.data(), "$.completedAt")).isEqualTo("2026-03-01T12:00:01Z");
			assertThat(created.data()).isEqualTo(gateway.get(CLINIC_1, statusOf(requestId)).body());
		}
	}

	@Test
	void aReconnectWithLastEventIdGetsOnlyWhatItMissedAndAlwaysTheFinalStatus() throws Exception {
		String requestId = submit(CLINIC_1);
		String pendingId;
		try (EventStream first = gateway.events(CLINIC_1, eventsOf(requestId))) {
			await().atMost(PATIENCE).until(() -> first.events().size() == 1);
			pendingId = first.events().get(0).id();
			assertThat(pendingId).isEqualTo("PENDING");
		}

		try (EventStream resumed = gateway.events(CLINIC_1, eventsOf(requestId), pendingId)) {
			// A heartbeat shows the stream open; the PENDING the client had is not sent again.
			await().atMost(PATIENCE).until(() -> !resumed.comments().isEmpty());
			assertThat(resumed.events()).isEmpty();

			publish(finish(requestId, RequestState.CREATED));

			await().atMost(PATIENCE).until(resumed::isCompleted);
			assertThat(resumed.events()).singleElement().satisfies((event) -> {
				assertThat(event.id()).isEqualTo("CREATED");
				assertThat((String) JsonPath.read(event.data(), "$.status")).isEqualTo("CREATED");
			});
		}

		// The final status missed while disconnected comes at once; one already had ends the stream.
		try (EventStream missed = gateway.events(CLINIC_1, eventsOf(requestId), pendingId);
				EventStream had = gateway.events(CLINIC_1, eventsOf(requestId), "CREATED")) {
			await().atMost(PATIENCE).until(() -> missed.isCompleted() && had.isCompleted());
			assertThat(missed.events()).extracting(EventStream.Event::id).containsExactly("CREATED");
			assertThat(had.statusCode()).isEqualTo(200);
			assertThat(had.events()).isEmpty();
		}
	}

	@Test
	void sendsTheFinalStatusAtOnceAndCompletesWhenTheRequestIsAlreadyDone() throws Exception {
		String requestId = submit(CLINIC_1);
		publish(finish(requestId, RequestState.REJECTED));
		await().atMost(PATIENCE)
			.until(() -> gateway.get(CLINIC_1, statusOf(requestId)).body().contains("\"REJECTED\""));

		try (EventStream stream = gateway.events(CLINIC_1, eventsOf(requestId))) {
			await().atMost(PATIENCE).until(stream::isCompleted);

			assertThat(stream.events()).singleElement().satisfies((event) -> {
				assertThat((String) JsonPath.read(event.data(), "$.status")).isEqualTo("REJECTED");
				assertThat((String) JsonPath.read(event.data(), "$.error.code")).isEqualTo("patient_not_found");
			});
		}
	}

	@Test
	void answers404ForAnotherClinicsRequestAndForAnUnknownOneBeforeAnyStreamStarts() {
		String requestId = submit(CLINIC_1);

		try (EventStream foreign = gateway.events(CLINIC_2, eventsOf(requestId));
				EventStream unknown = gateway.events(CLINIC_1, eventsOf(UUID.randomUUID().toString()));
				EventStream writeOnly = gateway.events(Tokens.forClinic(1, "invoices:write"), eventsOf(requestId))) {
			await().atMost(PATIENCE)
				.until(() -> foreign.isCompleted() && unknown.isCompleted() && writeOnly.isCompleted());

			for (EventStream answer : List.of(foreign, unknown)) {
				assertThat(answer.statusCode()).isEqualTo(404);
				assertThat(answer.headers().firstValue("Content-Type")).contains("application/problem+json");
				assertThat((String) JsonPath.read(answer.body(), "$.type")).isEqualTo(PROBLEMS + "not-found");
				assertThat(answer.events()).isEmpty();
			}
			assertThat((String) JsonPath.read(foreign.body(), "$.detail"))
				.isEqualTo(JsonPath.read(unknown.body(), "$.detail"));
			assertThat(writeOnly.statusCode()).isEqualTo(403);
		}
	}

	@Test
	void sendsHeartbeatCommentsAndForgetsTheStreamWhenTheClientLeaves() {
		String requestId = submit(CLINIC_1);
		StatusStreams streams = gateway.bean(StatusStreams.class);
		int before = streams.openCount();

		EventStream stream = gateway.events(CLINIC_1, eventsOf(requestId));
		await().atMost(PATIENCE).until(() -> stream.comments().size() >= 2);
		assertThat(stream.comments()).allMatch((line) -> line.equals(":heartbeat"));
		assertThat(stream.events()).hasSize(1);
		assertThat(streams.openCount()).isEqualTo(before + 1);

		stream.close();

		// The next heartbeats fail to write to the dropped connection, which ends the stream.
		await().atMost(PATIENCE).until(() -> streams.openCount() == before);
	}

	private static String submit(String token) {
		String body = gateway.submit(token, UUID.randomUUID().toString(), BODY).body();
		return JsonPath.read(body, "$.requestId");
	}

	/** The final status the worker would publish for a request, built on its command. */
	private static RequestStatus finish(String requestId, RequestState state) {
		CreateInvoice command = KafkaTestSupport.command(broker.getBrokersAsString(), requestId);
		RequestStatus.Builder status = KafkaTestSupport.finalStatus(command, state);
		if (state == RequestState.CREATED) {
			status.setInvoice(new InvoiceSummary(123L, InvoiceStatus.OPEN, 5000L, 5000L, 0L, "usd", null));
		}
		else {
			status.setErrorCode("patient_not_found").setErrorMessage("No patient 101 in clinic 1");
		}
		return status.build();
	}

	private static void publish(RequestStatus status) throws Exception {
		KafkaTestSupport.send(broker.getBrokersAsString(), Topics.REQUEST_STATUS, status.getRequestId(),
				AvroSerde.requestStatus().encode(status));
	}

	private static String eventsOf(String requestId) {
		return statusOf(requestId) + "/events";
	}

	private static String statusOf(String requestId) {
		return "/v1/invoice-requests/" + requestId;
	}

}
