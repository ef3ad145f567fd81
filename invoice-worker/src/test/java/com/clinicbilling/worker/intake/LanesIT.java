package com.clinicbilling.worker.intake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.GroupProgress;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.worker.KafkaTestClient;
import com.clinicbilling.worker.TestData;
import com.clinicbilling.worker.TestInfrastructure;
import com.clinicbilling.worker.WorkerApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.clinicbilling.worker.TestData.identified;
import static com.clinicbilling.worker.TestData.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The interactive lane is served first, and the lanes are one system: the same command in both makes
 * one invoice, and a bulk-lane poison record is the bulk lane's dead letter alone. On a broker of its
 * own (the lag the tests wait on is this class's alone) and the shared PostgreSQL.
 */
@SpringBootTest(classes = WorkerApplication.class)
class LanesIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

	private static final int BACKLOG = 50_000;

	private static final int PATIENTS = 500;

	private static final EmbeddedKafkaKraftBroker broker = TestInfrastructure.startKafka();

	@AutoClose
	private static final KafkaTestClient kafka = new KafkaTestClient(broker.getBrokersAsString());

	private static final JdbcTemplate db = TestInfrastructure.jdbc();

	@AutoClose
	private static final Admin admin = Admin
		.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.register(registry, broker);
	}

	@Test
	void answersAClickQueuedBehindABackfillBeforeTheBackfillHasDrainedAndBothMakeTheirInvoices() {
		// Backfill-shaped: paid, from two clinics with many patients, in the bulk lane; produced at
		// once, before the click.
		List<TestData> clinics = List.of(TestData.newClinic(db), TestData.newClinic(db));
		List<List<Long>> patients = clinics.stream().map((clinic) -> patients(clinic, PATIENTS)).toList();
		List<CreateInvoice> backlog = new ArrayList<>(BACKLOG);
		IntStream.range(0, BACKLOG).forEach((n) -> {
			int clinic = n % 2;
			backlog.add(identified(clinics.get(clinic)
				.command("bulk-" + n)
				.setSource(CommandSource.BACKFILL)
				.setPatientId(patients.get(clinic).get((n / 2) % PATIENTS))
				.setLineItems(List.of(LineItem.newBuilder().setDescription("Backfilled " + n).setUnitAmount(1_000L + n)
					.setQuantity(1).build()))
				.setPaidExternally(TestData.paidOnStripe())));
		});
		kafka.sendAllToLane(Topics.COMMANDS_BULK, backlog);
		TestData person = TestData.newClinic(db);
		CreateInvoice click = person.numbered("click-", 1);

		kafka.send(click);

		RequestStatus answer = kafka.awaitFinal(click.getRequestId(), TIMEOUT);
		long bulkDoneThen = kafka.finalCount(backlog.stream().map(CreateInvoice::getRequestId).toList());
		assertThat(answer.getState()).isEqualTo(RequestState.CREATED);
		assertThat(bulkDoneThen).as("bulk commands answered when the click was").isLessThan(BACKLOG);

		await("the bulk backlog answered").atMost(DRAIN_TIMEOUT)
			.until(() -> kafka.finalCount(backlog.stream().map(CreateInvoice::getRequestId).toList()) == BACKLOG);
		assertThat(invoices(clinics.get(0)) + invoices(clinics.get(1))).isEqualTo(BACKLOG);
		assertThat(invoices(person)).isEqualTo(1);
	}

	@Test
	void makesOneInvoiceOfTheSameCommandInBothLanes() {
		TestData clinic = TestData.newClinic(db);
		CreateInvoice clicked = clinic.numbered("clicked-", 2);
		CreateInvoice replayed = CreateInvoice.newBuilder(clicked).setSource(CommandSource.REPLAY).build();
		CreateInvoice together = clinic.numbered("together-", 3);

		// One after the other (a replay of what was done), and both at once.
		kafka.send(clicked);
		RequestStatus first = kafka.awaitFinal(clicked.getRequestId(), TIMEOUT);
		kafka.sendAllToLane(Topics.COMMANDS_BULK, List.of(replayed, together));
		kafka.sendAllToLane(Topics.COMMANDS, List.of(together));
		awaitDrained();

		assertThat(first.getState()).isEqualTo(RequestState.CREATED);
		assertThat(kafka.latest(clicked.getRequestId()).getInvoice().getId()).isEqualTo(first.getInvoice().getId());
		assertThat(kafka.latest(together.getRequestId()).getState()).isEqualTo(RequestState.CREATED);
		assertThat(invoices(clinic)).isEqualTo(2);
	}

	@Test
	void deadLettersABulkPoisonRecordToTheBulkLanesDeadLetterTopicAndTheInteractiveLaneCarriesOn() {
		TestData clinic = TestData.newClinic(db);
		String poisonKey = Topics.commandKey(clinic.clinicId(), newKey());
		List<CreateInvoice> clicks = IntStream.range(0, 20).mapToObj((n) -> clinic.numbered("beside-poison-", n)).toList();

		kafka.sendRawToLane(Topics.COMMANDS_BULK, poisonKey, new byte[] { 1, 2, 3 });
		kafka.sendAllToLane(Topics.COMMANDS, clicks);

		clicks.forEach((c) -> assertThat(kafka.awaitFinal(c.getRequestId(), TIMEOUT).getState())
			.isEqualTo(RequestState.CREATED));
		List<ConsumerRecord<String, byte[]>> deadLetters = await("the poison record dead-lettered").atMost(TIMEOUT)
			.until(() -> kafka.deadLetters(poisonKey), (letters) -> !letters.isEmpty());
		assertThat(deadLetters).extracting(ConsumerRecord::topic).containsOnly(Topics.COMMANDS_BULK_DEAD_LETTER);
		assertThat(deadLetters.get(0).value()).containsExactly(1, 2, 3);
		assertThat(clicks).allSatisfy((c) -> assertThat(
				kafka.deadLetters(Topics.commandKey(c.getClinicId(), c.getIdempotencyKey()))).isEmpty());
		assertThat(invoices(clinic)).isEqualTo(clicks.size());
	}

	/** {@code count} more patients of the clinic: a backfill spans a clinic's patients. */
	private static List<Long> patients(TestData clinic, int count) {
		long first = clinic.clinicId() * 10_000;
		List<Long> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			db.update("insert into patients (id, clinic_id, name) values (?, ?, ?)", first + i, clinic.clinicId(),
					"Backfilled " + i);
			ids.add(first + i);
		}
		return ids;
	}

	private static long invoices(TestData clinic) {
		return db.queryForObject("select count(*) from invoices where clinic_id = ?", Long.class, clinic.clinicId());
	}

	/** Until the worker has committed everything in both lanes. */
	private static void awaitDrained() {
		await("both lanes drained").atMost(TIMEOUT)
			.until(() -> GroupProgress.read(admin, IntakeConfiguration.GROUP_ID, Topics.COMMAND_TOPICS, TIMEOUT)
				.waiting() == 0);
	}

}
