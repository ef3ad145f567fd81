package com.clinicbilling.gateway.status;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static com.clinicbilling.gateway.TestRequests.BODY;
import static com.clinicbilling.gateway.TestRequests.CLINIC_1;
import static com.clinicbilling.gateway.TestRequests.CLINIC_2;
import static com.clinicbilling.gateway.TestRequests.PROBLEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status store on local disk, on a real broker: a restart reads only what it missed, a week-old
 * request is answered, one past the retention is gone, and a key keeps its owner across a restart.
 * The worker is played by the test.
 */
class StatusStoreIT {

	static final String OTHER_BODY = """
			{"patientId": 102, "lineItems": [{"description": "Visit", "unitAmount": 5000, "quantity": 1}]}""";

	static final Duration PATIENCE = Duration.ofSeconds(30);

	static EmbeddedKafkaKraftBroker broker;

	@TempDir
	static Path directories;

	/**
	 * The topics as declared (30 days for statuses), made before any test publishes; and a broker that
	 * does not apply retention during the test, so the records made old on purpose stay for the gateway
	 * to read (in production the broker deletes them and the gateway answers the 404 instead).
	 */
	@BeforeAll
	static void start() throws Exception {
		broker = new EmbeddedKafkaKraftBroker(1, 6);
		broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1",
				"transaction.state.log.min.isr", "1", "group.initial.rebalance.delay.ms", "0",
				"log.retention.check.interval.ms", String.valueOf(Duration.ofHours(1).toMillis())));
		broker.afterPropertiesSet();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
			admin.createTopics(Topics.declarations(6, (short) 1)).all().get();
		}
	}

	@AfterAll
	static void stop() {
		KafkaTestSupport.stop(broker);
	}

	@Test
	void aRestartReadsOnlyWhatItMissedAndStillKnowsEveryRequestAndKey() throws Exception {
		Path directory = directories.resolve("restarted");
		String first;
		String key = UUID.randomUUID().toString();
		try (GatewayClient gateway = start(directory)) {
			first = requestId(gateway.submit(CLINIC_1, key, BODY).body());
			publish(finishCommand(first));
			await().atMost(PATIENCE).until(() -> gateway.get(CLINIC_1, statusOf(first)).body().contains("CREATED"));
		}
		// Missed while the gateway was down: two requests' final statuses.
		String missed1 = UUID.randomUUID().toString();
		String missed2 = UUID.randomUUID().toString();
		publish(finish(missed1, 1, "missed-1", Instant.now()));
		publish(finish(missed2, 1, "missed-2", Instant.now()));

		try (GatewayClient restarted = start(directory)) {
			RequestStatusFeed feed = restarted.bean(RequestStatusFeed.class);
			assertThat(feed.recordsRead()).as("records read after the restart").isEqualTo(2);
			assertThat(JsonPath.<String>read(restarted.get(CLINIC_1, statusOf(first)).body(), "$.status"))
				.isEqualTo("CREATED");
			assertThat(JsonPath.<String>read(restarted.get(CLINIC_1, statusOf(missed2)).body(), "$.status"))
				.isEqualTo("CREATED");
			// The key's owner came back from disk: another body under it is refused at once.
			assertThat(restarted.submit(CLINIC_1, key, OTHER_BODY).statusCode()).isEqualTo(422);
			assertThat(restarted.submit(CLINIC_1, key, BODY).body()).contains(first);
		}

		// A fresh instance reads everything there is.
		int everything = KafkaTestSupport.readAll(broker.getBrokersAsString(), Topics.REQUEST_STATUS).size()
				+ KafkaTestSupport.readAll(broker.getBrokersAsString(), Topics.COMMANDS).size();
		try (GatewayClient fresh = start(directories.resolve("fresh"))) {
			assertThat(fresh.bean(RequestStatusFeed.class).recordsRead()).isEqualTo(everything);
			assertThat(fresh.submit(CLINIC_1, key, OTHER_BODY).statusCode()).isEqualTo(422);
		}
	}

	@Test
	void answersAWeekOldRequestAndSaysARequestPastTheRetentionIsGone() throws Exception {
		String weekOld = UUID.randomUUID().toString();
		String expired = UUID.randomUUID().toString();
		Instant now = Instant.now();
		publish(finish(weekOld, 1, "week-old", now.minus(Duration.ofDays(7))));
		publish(finish(expired, 1, "expired", now.minus(Duration.ofDays(31))));

		try (GatewayClient gateway = start(directories.resolve("retention"))) {
			assertThat(JsonPath.<String>read(gateway.get(CLINIC_1, statusOf(weekOld)).body(), "$.status"))
				.isEqualTo("CREATED");

			var gone = gateway.get(CLINIC_1, statusOf(expired));
			assertThat(gone.statusCode()).isEqualTo(410);
			assertThat(JsonPath.<String>read(gone.body(), "$.type")).isEqualTo(PROBLEMS + "request-expired");
			assertThat(JsonPath.<String>read(gone.body(), "$.detail")).contains("same Idempotency-Key");
			// Another clinic learns nothing of it.
			assertThat(gateway.get(CLINIC_2, statusOf(expired)).statusCode()).isEqualTo(404);
			assertThat(gateway.get(CLINIC_1, statusOf(expired) + "/events").statusCode()).isEqualTo(410);

			var unknown = gateway.get(CLINIC_1, statusOf(UUID.randomUUID().toString()));
			assertThat(unknown.statusCode()).isEqualTo(404);
			assertThat(JsonPath.<String>read(unknown.body(), "$.detail")).contains("older than the status retention")
				.contains("same Idempotency-Key");
		}
	}

	private static GatewayClient start(Path directory) {
		return GatewayClient.startReady(broker.getBrokersAsString(), "--invoice.gateway.status.directory=" + directory);
	}

	private static String requestId(String body) {
		return JsonPath.read(body, "$.requestId");
	}

	/** The worker's final status of a request accepted through the gateway, built on its command. */
	private static RequestStatus finishCommand(String requestId) {
		CreateInvoice command = KafkaTestSupport.command(broker.getBrokersAsString(), requestId);
		return KafkaTestSupport.finalStatus(command, RequestState.CREATED)
			.setCompletedAt(Instant.now())
			.setInvoice(new InvoiceSummary(123L, InvoiceStatus.OPEN, 5000L, 5000L, 0L, "usd", null))
			.build();
	}

	private static RequestStatus finish(String requestId, long clinicId, String key, Instant at) {
		return RequestStatus.newBuilder()
			.setRequestId(requestId)
			.setClinicId(clinicId)
			.setIdempotencyKey(key)
			.setBodyFingerprint("f-" + requestId)
			.setAcceptedAt(at)
			.setCompletedAt(at)
			.setState(RequestState.CREATED)
			.setInvoice(new InvoiceSummary(123L, InvoiceStatus.OPEN, 5000L, 5000L, 0L, "usd", null))
			.build();
	}

	/** Publishes as the worker would, with the record time of when the status was made. */
	private static void publish(RequestStatus status) throws Exception {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
				new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>(Topics.REQUEST_STATUS, null, status.getCompletedAt().toEpochMilli(),
					status.getRequestId(), AvroSerde.requestStatus().encode(status))).get();
		}
	}

	private static String statusOf(String requestId) {
		return "/v1/invoice-requests/" + requestId;
	}

}
