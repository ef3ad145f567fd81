package com.clinicbilling.gateway.admin;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.gateway.Tokens;
import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CommandIdentity;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.DeadLetters;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.Topics;
import com.jayway.jsonpath.JsonPath;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;

/** The dead-letter API and the operators' tool on a real broker, with dead letters as the worker writes them. */
class DeadLetterAdminIT {

	static final String ADMIN = Tokens.forClinic(1, "invoices:admin");

	/** What Spring Kafka's exception headers carry: our class and method names and stack frames. */
	static final String INTERNALS = "Listener method 'public void com.clinicbilling.worker.intake.CommandListener"
			+ ".onBatch(java.util.List)' threw exception\n\tat com.clinicbilling.worker.intake.CommandListener"
			+ ".onBatch(CommandListener.java:42)";

	static EmbeddedKafkaKraftBroker broker;

	static GatewayClient gateway;

	static CreateInvoice failedOnce;

	static CreateInvoice failedTwice;

	@BeforeAll
	static void start() throws Exception {
		broker = KafkaTestSupport.startBroker();
		gateway = GatewayClient.startReady(broker.getBrokersAsString());
		failedOnce = command(1, "failed-once");
		failedTwice = command(1, "failed-twice");
		deadLetter(failedOnce, DeadLetters.UNKNOWN_SCHEMA);
		deadLetter(failedTwice, DeadLetters.UNKNOWN_SCHEMA);
		deadLetter(failedTwice, DeadLetters.UNKNOWN_SCHEMA);
		deadLetter(command(2, "other-clinic"), DeadLetters.UNKNOWN_SCHEMA);
		send("1:garbage", "not avro".getBytes(), DeadLetters.UNDECODABLE);
		send("3:odd-code", "not avro".getBytes(), "java.lang.NullPointerException at com.clinicbilling.X");
	}

	@AfterAll
	static void stop() {
		KafkaTestSupport.stop(broker, gateway);
	}

	@Test
	void listsOnlyTheCallersClinicNewestFirstWithAttempts() {
		String page = gateway.get(ADMIN, "/v1/admin/dead-letters").body();

		List<String> keys = JsonPath.read(page, "$.items[*].idempotencyKey");
		assertThat(keys).containsExactly("garbage", "failed-twice", "failed-twice", "failed-once");
		List<Integer> attempts = JsonPath.read(page, "$.items[*].attempts");
		assertThat(attempts).containsExactly(1, 2, 2, 1);
		assertThat((List<String>) JsonPath.read(page, "$.items[*].errorCode")).containsExactly("undecodable",
				"unknown_schema", "unknown_schema", "unknown_schema");
	}

	@Test
	void showsAdminsACodeAndAMessageButNoClassMethodOrStackFrame() {
		String page = gateway.get(ADMIN, "/v1/admin/dead-letters").body();

		assertThat((List<String>) JsonPath.read(page, "$.items[*].error")).containsExactly(
				"The record is not a command this system can read; it cannot be replayed",
				"The command was written with a schema this release does not know; it can be replayed once the worker knows it",
				"The command was written with a schema this release does not know; it can be replayed once the worker knows it",
				"The command was written with a schema this release does not know; it can be replayed once the worker knows it");
		assertThat(page).doesNotContain("com.clinicbilling", "springframework", "Exception", "onBatch", ".java:", "\\tat ");
	}

	@Test
	void aCodeHeaderThatIsNotACodeIsShownAsUnknown() {
		String page = gateway.get(Tokens.forClinic(3, "invoices:admin"), "/v1/admin/dead-letters").body();

		assertThat((List<String>) JsonPath.read(page, "$.items[*].errorCode")).containsExactly("unknown");
		assertThat((List<String>) JsonPath.read(page, "$.items[*].error"))
			.containsExactly("The command could not be processed and was set aside for an operator");
		assertThat(page).doesNotContain("NullPointerException", "com.clinicbilling");
	}

	@Test
	void pagesWithAfter() {
		String first = gateway.get(ADMIN, "/v1/admin/dead-letters?limit=3").body();
		String next = JsonPath.read(first, "$.next");

		String second = gateway.get(ADMIN, "/v1/admin/dead-letters?limit=3&after=" + next).body();

		assertThat((List<String>) JsonPath.read(second, "$.items[*].idempotencyKey")).containsExactly("failed-once");
		assertThat(second).doesNotContain("\"next\"");
	}

	@Test
	void refusesCallersWithoutTheAdminScope() {
		assertThat(gateway.get(Tokens.forClinic(1, "invoices:read", "invoices:write"), "/v1/admin/dead-letters")
			.statusCode()).isEqualTo(403);
	}

	@Test
	void replaysByRequestIdOnceAsAReplayAndOnlyForRealWithoutDryRun() {
		String body = "{\"requestIds\": [\"%s\"]%s}";
		long before = commandsOf("1:failed-twice");

		String dryRun = gateway.post(ADMIN, "/v1/admin/dead-letters/replay",
				body.formatted(failedTwice.getRequestId(), ", \"dryRun\": true")).body();
		assertThat(commandsOf("1:failed-twice")).isEqualTo(before);
		String replayed = gateway.post(ADMIN, "/v1/admin/dead-letters/replay",
				body.formatted(failedTwice.getRequestId(), "")).body();

		assertThat((Integer) JsonPath.read(dryRun, "$.matched")).isEqualTo(2);
		assertThat((Integer) JsonPath.read(dryRun, "$.replayed")).isZero();
		assertThat((Integer) JsonPath.read(replayed, "$.replayed")).isEqualTo(1);
		CreateInvoice replay = AvroSerde.createInvoice().decode(KafkaTestSupport
			.readAll(broker.getBrokersAsString(), Topics.COMMANDS)
			.stream()
			.filter((r) -> r.key().equals("1:failed-twice"))
			.reduce((a, b) -> b)
			.orElseThrow()
			.value());
		assertThat(replay.getSource()).isEqualTo(CommandSource.REPLAY);
		assertThat(replay.getRequestId()).isEqualTo(failedTwice.getRequestId());
		assertThat(commandsOf("1:failed-twice")).isEqualTo(before + 1);
	}

	@Test
	void countsUndecodableDeadLettersAsNotReplayable() {
		String result = gateway.post(ADMIN, "/v1/admin/dead-letters/replay", "{\"errorCode\": \"undecodable\"}").body();

		assertThat((Integer) JsonPath.read(result, "$.matched")).isEqualTo(1);
		assertThat((Integer) JsonPath.read(result, "$.replayed")).isZero();
		assertThat((Integer) JsonPath.read(result, "$.notReplayable")).isEqualTo(1);
	}

	@Test
	void answersAReplayWithoutASelectionWith400() {
		assertThat(gateway.post(ADMIN, "/v1/admin/dead-letters/replay", "{\"dryRun\": true}").statusCode())
			.isEqualTo(400);
	}

	@Test
	void operatorsToolListsEveryClinicAndFiltersByOne() {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		ByteArrayOutputStream clinic2 = new ByteArrayOutputStream();

		int exit = DeadLetterTool.run(new String[] { "list", "--bootstrap", broker.getBrokersAsString() },
				new PrintStream(all, true, StandardCharsets.UTF_8), System.err);
		DeadLetterTool.run(new String[] { "list", "--clinic", "2", "--bootstrap", broker.getBrokersAsString() },
				new PrintStream(clinic2, true, StandardCharsets.UTF_8), System.err);

		assertThat(exit).isZero();
		assertThat(all.toString(StandardCharsets.UTF_8)).contains("6 dead letters");
		assertThat(clinic2.toString(StandardCharsets.UTF_8)).contains("1 dead letters");
	}

	private static long commandsOf(String key) {
		return KafkaTestSupport.readAll(broker.getBrokersAsString(), Topics.COMMANDS)
			.stream()
			.filter((r) -> r.key().equals(key))
			.count();
	}

	private static CreateInvoice command(long clinicId, String key) {
		return CommandIdentity.identify(CreateInvoice.newBuilder()
			.setClinicId(clinicId)
			.setIdempotencyKey(key)
			.setAcceptedAt(Instant.now())
			.setSource(CommandSource.API)
			.setPatientId(101)
			.setCurrency("usd")
			.setLineItems(List.of(LineItem.newBuilder().setProductId(1L).setQuantity(1).build())));
	}

	private static void deadLetter(CreateInvoice command, String errorCode) throws Exception {
		send(Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()),
				AvroSerde.createInvoice().encode(command), errorCode);
	}

	private static void send(String key, byte[] value, String errorCode) throws Exception {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
				new ByteArraySerializer())) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.COMMANDS_DEAD_LETTER, key, value);
			record.headers().add(new RecordHeader(DeadLetters.ERROR_CODE_HEADER, errorCode.getBytes()));
			record.headers().add(new RecordHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE, INTERNALS.getBytes()));
			record.headers().add(new RecordHeader(KafkaHeaders.DLT_EXCEPTION_FQCN,
					"org.springframework.kafka.listener.ListenerExecutionFailedException".getBytes()));
			record.headers().add(new RecordHeader(KafkaHeaders.DLT_EXCEPTION_STACKTRACE, INTERNALS.getBytes()));
			producer.send(record).get();
		}
	}

}
