package com.clinicbilling.worker.intake;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.DeadLetters;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.worker.KafkaTestClient;
import com.clinicbilling.worker.TestData;
import com.clinicbilling.worker.TestInfrastructure;
import com.clinicbilling.worker.WorkerApplication;
import com.clinicbilling.worker.invoice.FaultyInvoiceBatchProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.clinicbilling.worker.TestData.identified;
import static com.clinicbilling.worker.TestData.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A command the database refuses never blocks its partition, and a partition that stops moving is
 * seen. On a broker of its own (the worker's consumer group and committed offsets are this test's
 * alone) and the shared PostgreSQL; each test on its own partition and clinic. Assertions read the
 * database on connections of their own.
 */
@SpringBootTest(classes = { WorkerApplication.class, FaultyInvoiceBatchProcessor.Wiring.class },
		properties = { "invoice.worker.retry-initial-interval=50ms", "invoice.worker.retry-max-interval=200ms",
				"invoice.worker.stuck-retry-after=1s", "invoice.worker.stall-after=1s",
				"invoice.worker.stall-check-interval=100ms" })
@ExtendWith(OutputCaptureExtension.class)
class UnprocessableCommandsIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final EmbeddedKafkaKraftBroker broker = TestInfrastructure.startKafka();

	@AutoClose
	private static final KafkaTestClient kafka = new KafkaTestClient(broker.getBrokersAsString());

	private static final JdbcTemplate db = TestInfrastructure.jdbc();

	@Autowired
	private FaultyInvoiceBatchProcessor processor;

	@Autowired
	private IntakeHealthIndicator health;

	@Autowired
	private MeterRegistry meters;

	private TestData data;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.register(registry, broker);
	}

	@BeforeEach
	void newClinic() {
		this.data = TestData.newClinic(db);
	}

	@AfterEach
	void recover() {
		this.processor.recover();
	}

	@Test
	void rejectsACommandWhoseMemoTheDatabaseCannotStoreAndCreatesTheOthersOnItsPartition() {
		// Today's rules let a NUL through; PostgreSQL text cannot hold it.
		CreateInvoice poison = identified(this.data.command(newKey()).setMemo("before\u0000after"));
		List<CreateInvoice> around = List.of(this.data.numbered("nul-before-", 1), poison,
				this.data.numbered("nul-after-", 2), this.data.numbered("nul-after-", 3));

		kafka.sendAllTo(1, around);

		RequestStatus rejected = kafka.awaitFinal(poison.getRequestId(), TIMEOUT);
		assertThat(rejected.getState()).isEqualTo(RequestState.REJECTED);
		// The edge's rules may come to reject a NUL before the database does; either way it is answered.
		assertThat(rejected.getErrorCode()).isIn("unprocessable_command", "invalid_command");
		assertCreated(around.get(0), around.get(2), around.get(3));
		assertThat(recordedOutcome(poison)).isEqualTo("REJECTED");

		CreateInvoice later = this.data.numbered("nul-later-", 4);
		kafka.sendAllTo(1, List.of(poison, later));
		assertCreated(later);
		assertThat(kafka.latest(poison.getRequestId()).getErrorCode()).isEqualTo(rejected.getErrorCode());
		assertThat(invoices()).isEqualTo(4);
	}

	@Test
	void rejectsACommandTheStoreRefusesForAReasonNoRuleForesawAndCommitsTheRestOfItsBatch() {
		double unprocessableBefore = this.meters.counter("invoice.commands.unprocessable").count();
		CreateInvoice refused = identified(
				this.data.command(newKey()).setMemo(FaultyInvoiceBatchProcessor.REFUSED_MEMO));
		List<CreateInvoice> batch = List.of(this.data.numbered("refused-", 1), this.data.numbered("refused-", 2),
				refused, this.data.numbered("refused-", 3), this.data.numbered("refused-", 4),
				this.data.numbered("refused-", 5));

		kafka.sendAllTo(2, batch);

		RequestStatus rejected = kafka.awaitFinal(refused.getRequestId(), TIMEOUT);
		assertThat(rejected.getState()).isEqualTo(RequestState.REJECTED);
		assertThat(rejected.getErrorCode()).isEqualTo("unprocessable_command");
		assertThat(rejected.getErrorMessage()).doesNotContainIgnoringCase("sql")
			.doesNotContain("Exception")
			.doesNotContain("varying");
		assertCreated(batch.get(0), batch.get(1), batch.get(3), batch.get(4), batch.get(5));
		assertThat(recordedOutcome(refused)).isEqualTo("REJECTED");
		assertThat(invoices()).isEqualTo(5);
		assertThat(this.meters.counter("invoice.commands.unprocessable").count()).isEqualTo(unprocessableBefore + 1);
		assertThat(kafka.deadLetters(Topics.commandKey(refused.getClinicId(), refused.getIdempotencyKey()))).isEmpty();
	}

	@Test
	void deadLettersACommandTheDatabaseRefusesEvenAsARejectionAndMovesOn() {
		CreateInvoice unanswerable = identified(
				this.data.command(newKey()).setMemo(FaultyInvoiceBatchProcessor.UNRECORDABLE_MEMO));
		String recordKey = Topics.commandKey(unanswerable.getClinicId(), unanswerable.getIdempotencyKey());
		List<CreateInvoice> around = List.of(this.data.numbered("around-unrecordable-", 1), unanswerable,
				this.data.numbered("around-unrecordable-", 2));

		kafka.sendAllTo(3, around);

		assertCreated(around.get(0), around.get(2));
		await().atMost(TIMEOUT).until(() -> !kafka.deadLetters(recordKey).isEmpty());
		assertThat(kafka.deadLetters(recordKey)).singleElement()
			.satisfies((deadLetter) -> assertThat(
					new String(deadLetter.headers().lastHeader(DeadLetters.ERROR_CODE_HEADER).value()))
				.isEqualTo(DeadLetters.UNPROCESSABLE_COMMAND));
	}

	@Test
	void reportsAPartitionStalledByFailuresNoRuleClassifiesAndClearsWhenItMovesAgain(CapturedOutput output) {
		double stuckBefore = this.meters.counter("invoice.batch.retries.stuck").count();
		this.processor.failEveryBatch(new IllegalStateException("a failure no rule knows"));
		CreateInvoice waiting = this.data.numbered("stalled-", 1);

		kafka.sendAllTo(4, List.of(waiting));

		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(stalledSeconds(4)).isGreaterThan(0);
			assertThat(stalledPartitions()).containsKey(Topics.COMMANDS + "-4");
		});
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(this.meters.counter("invoice.batch.retries.stuck").count()).isGreaterThan(stuckBefore);
			assertThat(output.getOut()).contains("Partition invoice.commands-4 stalled")
				.contains("requestIds=[" + waiting.getRequestId() + "]");
		});
		assertThat(kafka.latest(waiting.getRequestId())).isNull();

		this.processor.recover();

		assertCreated(waiting);
		await().atMost(TIMEOUT).untilAsserted(() -> {
			assertThat(stalledSeconds(4)).isZero();
			assertThat(stalledPartitions()).isEmpty();
		});
	}

	@Test
	void commitsPastTheGatewaysTransactionMarkersSoADrainedPartitionIsNotStalled() throws Exception {
		CreateInvoice command = this.data.numbered("transactional-", 1);
		// As the gateway writes: in a Kafka transaction, whose commit marker takes an offset of its own.
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
				ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
				ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + command.getRequestId()), new StringSerializer(),
				new ByteArraySerializer())) {
			producer.initTransactions();
			producer.beginTransaction();
			producer.send(new ProducerRecord<>(Topics.COMMANDS, 5,
					Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()),
					AvroSerde.createInvoice().encode(command)));
			producer.commitTransaction();
		}

		assertCreated(command);
		TopicPartition partition = new TopicPartition(Topics.COMMANDS, 5);
		long end = broker.doWithAdminFunction((admin) -> admin
			.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
			.partitionResult(partition)
			.toCompletionStage()
			.toCompletableFuture()
			.join()
			.offset());
		await().atMost(TIMEOUT).until(() -> committedOffset(partition) == end);
		// The monitor looks every check interval: a look taken before the commit may still be shown.
		await().atMost(TIMEOUT).untilAsserted(() -> assertThat(stalledPartitions()).doesNotContainKey(Topics.COMMANDS + "-5"));
	}

	private static long committedOffset(TopicPartition partition) {
		OffsetAndMetadata committed = broker.doWithAdminFunction((admin) -> admin
			.listConsumerGroupOffsets(IntakeConfiguration.GROUP_ID)
			.partitionsToOffsetAndMetadata()
			.toCompletionStage()
			.toCompletableFuture()
			.join()
			.get(partition));
		return (committed != null) ? committed.offset() : -1;
	}

	private void assertCreated(CreateInvoice... commands) {
		for (CreateInvoice command : commands) {
			assertThat(kafka.awaitFinal(command.getRequestId(), TIMEOUT).getState()).as(command.getIdempotencyKey())
				.isEqualTo(RequestState.CREATED);
		}
	}

	private String recordedOutcome(CreateInvoice command) {
		return db.queryForObject("select outcome from invoice_requests where clinic_id = ? and idempotency_key = ?",
				String.class, command.getClinicId(), command.getIdempotencyKey());
	}

	private long invoices() {
		return db.queryForObject("select count(*) from invoices where clinic_id = ?", Long.class, this.data.clinicId());
	}

	private double stalledSeconds(int partition) {
		var gauge = this.meters.find("invoice.worker.partition.stalled.seconds")
			.tag("topic", Topics.COMMANDS)
			.tag("partition", String.valueOf(partition))
			.gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> stalledPartitions() {
		return (Map<String, Object>) this.health.health().getDetails().get("stalledPartitions");
	}

}
