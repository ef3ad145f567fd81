package com.clinicbilling.gateway.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.PaymentMethod;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.stripe.StripeInvoiceCommands;
import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static com.clinicbilling.gateway.TestRequests.PROBLEMS;
import static com.clinicbilling.gateway.webhook.StripeEvents.event;
import static com.clinicbilling.gateway.webhook.StripeEvents.paidInvoice;
import static com.clinicbilling.gateway.webhook.StripeEvents.signature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Stripe's webhook through real HTTP onto a real broker, with signatures made as Stripe makes them. */
class StripeWebhookIT {

	private static final String OWNER = "\"clinic_id\": \"1\", \"patient_id\": \"101\"";

	private static EmbeddedKafkaKraftBroker broker;

	private static GatewayClient gateway;

	private static String webhookUrl;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		broker = KafkaTestSupport.startBroker();
		gateway = GatewayClient.startReady(broker.getBrokersAsString(), "--invoice.gateway.webhook.secret=" + StripeEvents.SECRET,
				"--invoice.gateway.webhook.clinics=1,2");
		webhookUrl = "http://127.0.0.1:" + gateway.port() + "/v1/webhooks/stripe";
	}

	@AfterAll
	static void stop() {
		KafkaTestSupport.stop(broker, gateway);
	}

	@Test
	void storesAPaidInvoiceAsACommandWithItsPendingStatus() {
		String invoiceId = newInvoiceId();
		String payload = event("invoice.paid", "2026-07-29.dahlia", paidInvoice(invoiceId, OWNER));

		HttpResponse<String> response = deliver(payload, signature(payload, now()));

		assertThat(response.statusCode()).isEqualTo(200);
		String requestId = JsonPath.read(response.body(), "$.requestId");
		CreateInvoice command = AvroSerde.createInvoice().decode(only(Topics.COMMANDS_BULK, "1:stripe:" + invoiceId).value());
		assertThat(command.getRequestId()).isEqualTo(requestId);
		assertThat(command.getClinicId()).isEqualTo(1);
		assertThat(command.getPatientId()).isEqualTo(101);
		assertThat(command.getIdempotencyKey()).isEqualTo("stripe:" + invoiceId);
		assertThat(command.getSource()).isEqualTo(CommandSource.STRIPE_WEBHOOK);
		assertThat(command.getStripeInvoiceId()).isEqualTo(invoiceId);
		assertThat(command.getLineItems()).extracting(LineItem::getDescription, LineItem::getUnitAmount, LineItem::getQuantity)
			.containsExactly(tuple("Semaglutide, 1 month", 29900L, 2), tuple("Consultation", 4900L, 1));
		assertThat(command.getPaidExternally().getMethod()).isEqualTo(PaymentMethod.STRIPE_NOT_SYNCED);
		assertThat(command.getPaidExternally().getReference()).isEqualTo(invoiceId);
		assertThat(command.getPaidExternally().getPaidAt()).isEqualTo(Instant.ofEpochSecond(1770890400));
		// The command is the PENDING status: no status record is written with it.
		assertThat(KafkaTestSupport.readAll(broker.getBrokersAsString(), Topics.REQUEST_STATUS))
			.noneMatch((record) -> requestId.equals(record.key()));
	}

	@Test
	void carriesTheLocalInvoiceThatTheWorkerNamedInTheInvoicesMetadata() {
		String invoiceId = newInvoiceId();
		String localRequestId = UUID.randomUUID().toString();
		String payload = event("invoice.paid", "2026-07-29.dahlia", paidInvoice(invoiceId,
				OWNER + ", \"invoice_id\": \"77\", \"request_id\": \"" + localRequestId + "\""));

		HttpResponse<String> response = deliver(payload, signature(payload, now()));

		assertThat(response.statusCode()).isEqualTo(200);
		CreateInvoice command = AvroSerde.createInvoice().decode(only(Topics.COMMANDS_BULK, "1:stripe:" + invoiceId).value());
		assertThat(command.getLocalInvoice().getClinicId()).isEqualTo(1);
		assertThat(command.getLocalInvoice().getInvoiceId()).isEqualTo(77);
		assertThat(command.getLocalInvoice().getRequestId()).isEqualTo(localRequestId);
		// The request of that invoice's delivery before the local invoice was carried: one request.
		CreateInvoice withoutLocalInvoice = new StripeInvoiceCommands(java.util.Set.of())
			.map(com.google.gson.JsonParser.parseString(paidInvoice(invoiceId, OWNER)).getAsJsonObject(),
					CommandSource.STRIPE_WEBHOOK, Instant.now())
			.command();
		assertThat(command.getRequestId()).isEqualTo(JsonPath.read(response.body(), "$.requestId"))
			.isEqualTo(withoutLocalInvoice.getRequestId());
	}

	@Test
	void answersEveryDeliveryOfOneEventWithOneRequest() {
		String invoiceId = newInvoiceId();
		String payload = event("invoice.paid", "2026-07-29.dahlia", paidInvoice(invoiceId, OWNER));

		List<String> requestIds = List.of(1, 2, 3)
			.stream()
			.map((delivery) -> deliver(payload, signature(payload, now())))
			.peek((response) -> assertThat(response.statusCode()).isEqualTo(200))
			.map((response) -> (String) JsonPath.read(response.body(), "$.requestId"))
			.toList();

		assertThat(requestIds).containsOnly(requestIds.get(0));
		only(Topics.COMMANDS_BULK, "1:stripe:" + invoiceId);
	}

	@Test
	void readsAnEventOfAnOlderApiVersionFromItsRawJson() {
		String invoiceId = newInvoiceId();
		String payload = event("invoice.paid", "2020-08-27",
				StripeEvents.paidInvoiceOf2020(invoiceId, "\"clinic_id\": \"2\", \"patient_id\": \"201\""));

		HttpResponse<String> response = deliver(payload, signature(payload, now()));

		assertThat(response.statusCode()).isEqualTo(200);
		CreateInvoice command = AvroSerde.createInvoice().decode(only(Topics.COMMANDS_BULK, "2:stripe:" + invoiceId).value());
		assertThat(command.getRequestId()).isEqualTo(JsonPath.read(response.body(), "$.requestId"));
		assertThat(command.getPatientId()).isEqualTo(201);
		assertThat(command.getLineItems()).extracting(LineItem::getDescription, LineItem::getUnitAmount, LineItem::getQuantity)
			.containsExactly(tuple("Lab panel", 12900L, 1));
	}

	@Test
	void refusesAForgedSignatureAndPublishesNothing() {
		String payload = event("invoice.paid", "2026-07-29.dahlia", paidInvoice(newInvoiceId(), OWNER));
		long commands = KafkaTestSupport.endOffsets(broker.getBrokersAsString(), Topics.COMMANDS_BULK);

		HttpResponse<String> response = deliver(payload, StripeEvents.signature(payload, now(), "whsec_someone_else"));

		assertBadSignature(response);
		assertThat(KafkaTestSupport.endOffsets(broker.getBrokersAsString(), Topics.COMMANDS_BULK)).isEqualTo(commands);
	}

	@Test
	void refusesABodyChangedAfterSigning() {
		String payload = event("invoice.paid", "2026-07-29.dahlia", paidInvoice(newInvoiceId(), OWNER));

		assertBadSignature(deliver(payload.replace("64700", "1"), signature(payload, now())));
	}

	@Test
	void refusesASignatureOlderThanFiveMinutes() {
		String payload = event("invoice.paid", "2026-07-29.dahlia", paidInvoice(newInvoiceId(), OWNER));
		long commands = KafkaTestSupport.endOffsets(broker.getBrokersAsString(), Topics.COMMANDS_BULK);

		assertBadSignature(deliver(payload, signature(payload, now() - 301)));
		assertThat(KafkaTestSupport.endOffsets(broker.getBrokersAsString(), Topics.COMMANDS_BULK)).isEqualTo(commands);
	}

	@Test
	void refusesAnEventWithoutSignature() {
		String payload = event("invoice.paid", "2026-07-29.dahlia", paidInvoice(newInvoiceId(), OWNER));

		assertBadSignature(deliver(payload, null));
	}

	@Test
	void ignoresAnEventTypeItDoesNotHandle() {
		String payload = event("customer.created", "2026-07-29.dahlia", "{\"id\": \"cus_1\", \"object\": \"customer\"}");

		HttpResponse<String> response = deliver(payload, signature(payload, now()));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"ignored\":\"event type customer.created is not handled\"}");
	}

	@Test
	void ignoresAnInvoiceThatDoesNotNameItsClinic() {
		String invoiceId = newInvoiceId();
		String payload = event("invoice.paid", "2026-07-29.dahlia", paidInvoice(invoiceId, "\"patient_id\": \"101\""));

		HttpResponse<String> response = deliver(payload, signature(payload, now()));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.body(), "$.ignored"))
			.isEqualTo("invoice " + invoiceId + " has no metadata clinic_id");
	}

	@Test
	void ignoresAnInvoiceOfAClinicNotServedHere() {
		String invoiceId = newInvoiceId();
		String payload = event("invoice.paid", "2026-07-29.dahlia",
				paidInvoice(invoiceId, "\"clinic_id\": \"999\", \"patient_id\": \"101\""));

		HttpResponse<String> response = deliver(payload, signature(payload, now()));

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.body(), "$.ignored"))
			.isEqualTo("clinic 999 of invoice " + invoiceId + " is not a known clinic");
		assertThat(records(Topics.COMMANDS_BULK, "999:stripe:" + invoiceId)).isEmpty();
	}

	private void assertBadSignature(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
		assertThat((String) JsonPath.read(response.body(), "$.type")).isEqualTo(PROBLEMS + "invalid-stripe-signature");
	}

	private HttpResponse<String> deliver(String payload, String signature) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhookUrl))
			.timeout(Duration.ofSeconds(20))
			.header("Content-Type", "application/json; charset=utf-8")
			.POST(HttpRequest.BodyPublishers.ofString(payload));
		if (signature != null) {
			request.header("Stripe-Signature", signature);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The one record of a key, awaited: the markers of a committed transaction are written after the
	 * producer's commit returns, so a read_committed reader may not see its records at once.
	 */
	private static ConsumerRecord<String, byte[]> only(String topic, String key) {
		List<ConsumerRecord<String, byte[]>> records = org.awaitility.Awaitility.await()
			.until(() -> records(topic, key), (found) -> !found.isEmpty());
		assertThat(records).as("records with key %s on %s", key, topic).hasSize(1);
		return records.get(0);
	}

	private static List<ConsumerRecord<String, byte[]>> records(String topic, String key) {
		return KafkaTestSupport.readAll(broker.getBrokersAsString(), topic)
			.stream()
			.filter((record) -> key.equals(record.key()))
			.toList();
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

	private static String newInvoiceId() {
		return "in_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
	}

}
