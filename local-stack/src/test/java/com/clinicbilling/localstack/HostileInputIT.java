package com.clinicbilling.localstack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CommandIdentity;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.ExternalPayment;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.PaymentMethod;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing PostgreSQL cannot store gets past the edge, and nothing another producer writes to
 * {@code invoice.commands} stops a partition: one stack, one table of hostile inputs, sent over HTTP
 * and straight to the topic, followed by ordinary requests on every partition.
 */
class HostileInputIT {

	private static final int PARTITIONS = 6;

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private static final String PAID_AT = "2026-01-01T00:00:00Z";

	@TempDir
	Path data;

	/** JSON string values (escapes as a client would write them) per text field. */
	private static final List<String> HOSTILE_TEXT = List.of("a\\u0000b", "a\\ud800b", "\\udc00", "\\u001b[2J",
			"a\u007fb", "a\u0085b");

	private static final List<String> HOSTILE_INSTANTS = List.of("-5000-01-01", "1500-01-01", "-999999999-01-01",
			"+999999999-12-31", "1999-12-31", "-5000-01-01T00:00:00Z", "1500-01-01T00:00:00Z",
			"-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1999-12-31T23:59:59Z");

	@Test
	void refusesHostileInputAtTheGatewayRejectsItOnTheTopicAndEveryPartitionGoesOn() throws Exception {
		LocalStackSettings settings = LocalStackIT.settings(this.data);
		try (LocalStack stack = LocalStack.start(settings);
				KafkaProducer<String, byte[]> producer = producer(settings.kafkaPort())) {
			StackClient client = new StackClient(stack.gatewayPort(), stack.token(1, "invoices:write invoices:read"));

			Map<String, String> bodies = new LinkedHashMap<>();
			for (String text : HOSTILE_TEXT) {
				bodies.put("memo " + text, body("\"" + text + "\"", "Visit", "r-1", PAID_AT));
				bodies.put("lineItems[0].description " + text, body(null, text, "r-1", PAID_AT));
				bodies.put("paidExternally.reference " + text, body(null, "Visit", text, PAID_AT));
			}
			for (String instant : HOSTILE_INSTANTS) {
				bodies.put("paidExternally.paidAt " + instant, body(null, "Visit", "r-1", instant));
			}
			bodies.forEach((field, body) -> {
				StackClient.Answer answer = client.submit("hostile-" + UUID.randomUUID(), body);
				assertThat(answer.status()).as(field).isEqualTo(400);
				List<String> fields = new ArrayList<>();
				answer.body().get("errors").forEach((error) -> fields.add(error.get("field").asString()));
				assertThat(fields).as(field).contains(field.split(" ")[0]);
			});

			Map<String, CreateInvoice> commands = hostileCommands();
			AvroSerde<CreateInvoice> serde = AvroSerde.createInvoice();
			for (CreateInvoice command : commands.values()) {
				producer.send(new ProducerRecord<>(Topics.COMMANDS,
						Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()), serde.encode(command)))
					.get();
			}
			List<String> ordinary = new ArrayList<>();
			List<String> keys = keysOnEveryPartition("after-" + UUID.randomUUID() + "-", 2);
			for (int i = 0; i < keys.size(); i++) {
				StackClient.Answer accepted = client.submit(keys.get(i), StackClient.invoiceBody(101 + i % 10, 70_001 + i));
				assertThat(accepted.status()).isEqualTo(202);
				ordinary.add(accepted.body().get("requestId").asString());
			}

			commands.forEach((field, command) -> {
				JsonNode status = awaitFinal(client, command.getRequestId());
				assertThat(status.get("status").asString()).as(field).isEqualTo("REJECTED");
				assertThat(status.get("error").get("code").asString()).as(field).isEqualTo("invalid_command");
				assertThat(status.get("error").get("message").asString()).as(field)
					.startsWith(field.split(" ")[0] + ": ");
			});
			for (String requestId : ordinary) {
				assertThat(awaitFinal(client, requestId).get("status").asString()).isEqualTo("CREATED");
			}
		}
	}

	/**
	 * The same hostile content as another producer would write it, each keyed onto a partition in
	 * turn. A lone surrogate is not among them: Avro writes strings as UTF-8 and turns it into
	 * {@code ?} before the record leaves the producer. Year -999999999 does not fit the command's
	 * epoch milliseconds either; the farthest instants it can carry stand in for it.
	 */
	private static Map<String, CreateInvoice> hostileCommands() {
		Map<String, UnaryOperator<CreateInvoice.Builder>> changes = new LinkedHashMap<>();
		changes.put("memo", (c) -> c.setMemo("a\u0000b"));
		changes.put("lineItems[0].description", (c) -> c.setLineItems(List.of(line("a\u0000b"))));
		changes.put("paidExternally.reference", (c) -> c.setPaidExternally(payment("\u0000", Instant.parse(PAID_AT))));
		changes.put("stripeInvoiceId", (c) -> c.setStripeInvoiceId("in_\u0000"));
		changes.put("memo C1", (c) -> c.setMemo("a\u009bb"));
		for (Instant paidAt : List.of(Instant.parse("-5000-01-01T00:00:00Z"), Instant.parse("1500-01-01T00:00:00Z"),
				Instant.parse("1999-12-31T23:59:59Z"), Instant.ofEpochMilli(Long.MIN_VALUE),
				Instant.ofEpochMilli(Long.MAX_VALUE))) {
			changes.put("paidExternally.paidAt " + paidAt, (c) -> c.setPaidExternally(payment("r-1", paidAt)));
		}
		changes.put("acceptedAt", (c) -> c.setAcceptedAt(Instant.parse("-5000-01-01T00:00:00Z")));
		changes.put("Idempotency-Key", (c) -> c.setIdempotencyKey("nul\u0000" + c.getIdempotencyKey()));
		List<String> keys = keysOnEveryPartition("hostile-" + UUID.randomUUID() + "-",
				(changes.size() + PARTITIONS - 1) / PARTITIONS);
		Map<String, CreateInvoice> commands = new LinkedHashMap<>();
		int n = 0;
		for (Map.Entry<String, UnaryOperator<CreateInvoice.Builder>> change : changes.entrySet()) {
			commands.put(change.getKey(), CommandIdentity.identify(change.getValue().apply(command(keys.get(n++)))));
		}
		return commands;
	}

	private static CreateInvoice.Builder command(String idempotencyKey) {
		return CreateInvoice.newBuilder()
			.setClinicId(1)
			.setIdempotencyKey(idempotencyKey)
			.setAcceptedAt(Instant.now())
			.setSource(CommandSource.API)
			.setPatientId(101)
			.setCurrency("usd")
			.setLineItems(List.of(line("Visit")));
	}

	private static LineItem line(String description) {
		return LineItem.newBuilder().setDescription(description).setUnitAmount(4_321L).setQuantity(1).build();
	}

	private static ExternalPayment payment(String reference, Instant paidAt) {
		return ExternalPayment.newBuilder().setMethod(PaymentMethod.CASH).setReference(reference).setPaidAt(paidAt).build();
	}

	/** Keys of clinic 1 that Kafka's default partitioner puts on each partition, {@code perPartition} each. */
	private static List<String> keysOnEveryPartition(String prefix, int perPartition) {
		List<String> keys = new ArrayList<>();
		IntFunction<Integer> partitionOf = (n) -> Utils.toPositive(
				Utils.murmur2(Topics.commandKey(1, prefix + n).getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
		for (int partition = 0; partition < PARTITIONS; partition++) {
			int found = 0;
			for (int n = 0; found < perPartition; n++) {
				if (partitionOf.apply(n) == partition && !keys.contains(prefix + n)) {
					keys.add(prefix + n);
					found++;
				}
			}
		}
		// Round robin over the partitions: key i lands on partition i % PARTITIONS.
		List<String> interleaved = new ArrayList<>(keys.size());
		for (int i = 0; i < perPartition; i++) {
			for (int partition = 0; partition < PARTITIONS; partition++) {
				interleaved.add(keys.get(partition * perPartition + i));
			}
		}
		return interleaved;
	}

	private static String body(String memo, String description, String reference, String paidAt) {
		return """
				{"patientId": 101, "currency": "usd", "memo": %s,
				 "lineItems": [{"description": "%s", "unitAmount": 4321, "quantity": 1}],
				 "paidExternally": {"method": "CASH", "reference": "%s", "paidAt": "%s"}}
				""".formatted((memo != null) ? memo : "null", description, reference, paidAt);
	}

	private static JsonNode awaitFinal(StackClient client, String requestId) {
		return await().atMost(TIMEOUT).until(() -> client.status(requestId), (answer) -> answer.status() == 200
				&& !"PENDING".equals(answer.body().get("status").asString())).body();
	}

	private static KafkaProducer<String, byte[]> producer(int kafkaPort) {
		return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort,
				ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
	}

}
