package com.clinicbilling.worker.intake;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.DeadLetters;
import com.clinicbilling.schemas.ExternalPayment;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.schemas.testing.ManualClock;
import com.clinicbilling.worker.KafkaTestClient;
import com.clinicbilling.worker.TestData;
import com.clinicbilling.worker.TestInfrastructure;
import com.clinicbilling.worker.WorkerApplication;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.clinicbilling.worker.TestData.identified;
import static com.clinicbilling.worker.TestData.newKey;
import static org.assertj.core.api.Assertions.assertThat;

/** The worker on a real broker and a real PostgreSQL, seen from the topics and the tables. */
@SpringBootTest(classes = { WorkerApplication.class, CommandProcessingIT.Clocks.class },
		properties = "logging.level.com.clinicbilling.worker.intake.CommandListener=DEBUG")
@ExtendWith(OutputCaptureExtension.class)
class CommandProcessingIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@AutoClose
	private static KafkaTestClient kafka;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private ManualClock clock;

	private TestData data;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.register(registry);
	}

	@TestConfiguration
	static class Clocks {

		@Bean
		@Primary
		ManualClock testClock() {
			return new ManualClock(Instant.now());
		}

	}

	@BeforeAll
	static void connect() {
		kafka = new KafkaTestClient(TestInfrastructure.kafka().getBrokersAsString());
	}

	@BeforeEach
	void newClinic() {
		this.data = TestData.newClinic(this.jdbc);
	}

	@Test
	void createsAnOpenInvoiceWithItemsPricedFromTheClinicsProducts() {
		CreateInvoice command = identified(this.data.command(newKey()).setOrderId(5001L));
		kafka.send(command);

		RequestStatus status = kafka.awaitFinal(command.getRequestId(), TIMEOUT);

		assertThat(status.getState()).isEqualTo(RequestState.CREATED);
		assertThat(status.getInvoice().getStatus()).isEqualTo(InvoiceStatus.OPEN);
		assertThat(status.getInvoice().getAmount()).isEqualTo(2 * 29900 + 5000);
		assertThat(status.getInvoice().getAmountDue()).isEqualTo(2 * 29900 + 5000);
		assertThat(status.getInvoice().getAmountPaid()).isZero();
		assertThat(this.jdbc.queryForList(
				"select description, unit_amount, quantity, amount from invoice_items where invoice_id = ? order by position",
				status.getInvoice().getId()))
			.extracting((row) -> List.of(row.get("description"), row.get("unit_amount"), row.get("quantity"),
					row.get("amount")))
			.containsExactly(List.of("Semaglutide", 29900L, 2, 59800L), List.of("Consultation", 5000L, 1, 5000L));
		assertThat(countPayments()).isZero();
	}

	@Test
	void createsAPaidInvoiceWithItsPaymentWhenPaidExternally() {
		CreateInvoice command = identified(this.data.command(newKey()).setPaidExternally(TestData.paidOnStripe()));
		kafka.send(command);

		RequestStatus status = kafka.awaitFinal(command.getRequestId(), TIMEOUT);

		assertThat(status.getState()).isEqualTo(RequestState.CREATED);
		assertThat(status.getInvoice().getStatus()).isEqualTo(InvoiceStatus.PAID);
		assertThat(status.getInvoice().getAmountPaid()).isEqualTo(64800);
		assertThat(status.getInvoice().getAmountDue()).isZero();
		assertThat(this.jdbc.queryForObject("select amount from payments where invoice_id = ?", Long.class,
				status.getInvoice().getId()))
			.isEqualTo(64800);
	}

	@Test
	void answersARedeliveredCommandWithTheSameInvoice() {
		CreateInvoice command = identified(this.data.command(newKey()));
		kafka.send(command);
		long invoiceId = kafka.awaitFinal(command.getRequestId(), TIMEOUT).getInvoice().getId();
		CreateInvoice marker = identified(this.data.command(newKey()).setPatientId(this.data.otherPatientId()));

		kafka.send(command);
		kafka.send(marker);
		kafka.awaitFinal(marker.getRequestId(), TIMEOUT);

		assertThat(kafka.latest(command.getRequestId()).getInvoice().getId()).isEqualTo(invoiceId);
		assertThat(countInvoices()).isEqualTo(2);
	}

	@Test
	void rejectsAReusedKeyWithAnotherBodyAndLeavesTheFirstInvoiceAlone() {
		String key = newKey();
		CreateInvoice first = identified(this.data.command(key));
		kafka.send(first);
		RequestStatus created = kafka.awaitFinal(first.getRequestId(), TIMEOUT);
		CreateInvoice reused = identified(this.data.command(key).setMemo("another body"));

		kafka.send(reused);

		RequestStatus rejected = kafka.awaitFinal(reused.getRequestId(), TIMEOUT);
		assertThat(rejected.getState()).isEqualTo(RequestState.REJECTED);
		assertThat(rejected.getErrorCode()).isEqualTo("idempotency_key_reused");
		assertThat(countInvoices()).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select memo from invoices where id = ?", String.class,
				created.getInvoice().getId()))
			.isNull();
	}

	@Test
	void rejectsAnotherClinicsPatientAsNotFound() {
		TestData other = TestData.newClinic(this.jdbc);
		CreateInvoice command = identified(this.data.command(newKey()).setPatientId(other.patientId()));
		kafka.send(command);

		RequestStatus status = kafka.awaitFinal(command.getRequestId(), TIMEOUT);

		assertThat(status.getState()).isEqualTo(RequestState.REJECTED);
		assertThat(status.getErrorCode()).isEqualTo("patient_not_found");
		assertThat(countInvoices()).isZero();
	}

	@Test
	void rejectsAnotherClinicsProductAsNotFound() {
		TestData other = TestData.newClinic(this.jdbc);
		CreateInvoice command = identified(this.data.command(newKey())
			.setLineItems(List.of(LineItem.newBuilder().setProductId(other.productId()).setQuantity(1).build())));
		kafka.send(command);

		RequestStatus status = kafka.awaitFinal(command.getRequestId(), TIMEOUT);

		assertThat(status.getErrorCode()).isEqualTo("product_not_found");
		assertThat(countInvoices()).isZero();
	}

	@Test
	void rejectsACommandThatBreaksTheContractsRulesAsInvalid() {
		CreateInvoice command = identified(this.data.command(newKey())
			.setLineItems(List.of(LineItem.newBuilder().setDescription("x").setUnitAmount(5L).setQuantity(0).build())));
		kafka.send(command);

		RequestStatus status = kafka.awaitFinal(command.getRequestId(), TIMEOUT);

		assertThat(status.getErrorCode()).isEqualTo("invalid_command");
		assertThat(status.getErrorMessage()).contains("lineItems[0].quantity");
	}

	/**
	 * Commands another producer could write that PostgreSQL cannot store as they are (NUL) or would
	 * store as another date (before 1583, BC years): each is rejected, none is retried, and the
	 * partition goes on.
	 */
	@Test
	void rejectsWhatPostgresqlCouldNotStoreAndGoesOnWithTheNextCommand() {
		Map<String, UnaryOperator<CreateInvoice.Builder>> hostile = new LinkedHashMap<>();
		hostile.put("Idempotency-Key", (c) -> c.setIdempotencyKey("nul\u0000" + newKey()));
		hostile.put("memo", (c) -> c.setMemo("a\u0000b"));
		hostile.put("lineItems[0].description", (c) -> c.setLineItems(
				List.of(LineItem.newBuilder().setDescription("a\u0000b").setUnitAmount(5L).setQuantity(1).build())));
		hostile.put("paidExternally.reference", (c) -> c.setPaidExternally(
				ExternalPayment.newBuilder(TestData.paidOnStripe()).setReference("\u0000").build()));
		hostile.put("stripeInvoiceId", (c) -> c.setStripeInvoiceId("in_\u0000"));
		for (String paidAt : List.of("1999-12-31T23:59:59Z", "1500-01-01T00:00:00Z", "-5000-01-01T00:00:00Z")) {
			hostile.put("paidExternally.paidAt " + paidAt, (c) -> c.setPaidExternally(paid(Instant.parse(paidAt))));
		}
		hostile.put("paidExternally.paidAt min", (c) -> c.setPaidExternally(paid(Instant.ofEpochMilli(Long.MIN_VALUE))));
		hostile.put("paidExternally.paidAt max", (c) -> c.setPaidExternally(paid(Instant.ofEpochMilli(Long.MAX_VALUE))));
		hostile.put("acceptedAt min", (c) -> c.setAcceptedAt(Instant.ofEpochMilli(Long.MIN_VALUE)));
		hostile.put("acceptedAt -5000", (c) -> c.setAcceptedAt(Instant.parse("-5000-01-01T00:00:00Z")));
		Map<String, CreateInvoice> sent = new LinkedHashMap<>();
		hostile.forEach((field, change) -> sent.put(field, identified(change.apply(this.data.command(newKey())))));
		CreateInvoice after = identified(this.data.command(newKey()).setPatientId(this.data.otherPatientId()));

		kafka.sendAll(List.copyOf(sent.values()));
		kafka.send(after);

		sent.forEach((field, command) -> assertThat(kafka.awaitFinal(command.getRequestId(), TIMEOUT))
			.as(field)
			.satisfies((status) -> {
				assertThat(status.getState()).isEqualTo(RequestState.REJECTED);
				assertThat(status.getErrorCode()).isEqualTo("invalid_command");
				assertThat(status.getErrorMessage()).startsWith(field.split(" ")[0] + ": ");
			}));
		assertThat(kafka.awaitFinal(after.getRequestId(), TIMEOUT).getState()).isEqualTo(RequestState.CREATED);
		assertThat(countInvoices()).isEqualTo(1);
		sent.values()
			.forEach((command) -> assertThat(
					kafka.deadLetters(Topics.commandKey(command.getClinicId(), command.getIdempotencyKey())))
				.isEmpty());
	}

	@Test
	void storesPaidAtAndAcceptedAtAsSentWithoutCalendarConversion() {
		Instant paidAt = Instant.parse("2000-01-01T00:00:00.001Z");
		CreateInvoice command = identified(this.data.command(newKey()).setPaidExternally(paid(paidAt)));
		kafka.send(command);

		RequestStatus status = kafka.awaitFinal(command.getRequestId(), TIMEOUT);

		assertThat(this.jdbc.queryForObject("select paid_at from payments where invoice_id = ?", OffsetDateTime.class,
				status.getInvoice().getId())
			.toInstant()).isEqualTo(paidAt);
		assertThat(this.jdbc.queryForObject(
				"select accepted_at from invoice_requests where clinic_id = ? and idempotency_key = ?",
				OffsetDateTime.class, command.getClinicId(), command.getIdempotencyKey())
			.toInstant()).isEqualTo(command.getAcceptedAt());
	}

	private static ExternalPayment paid(Instant paidAt) {
		return ExternalPayment.newBuilder(TestData.paidOnStripe()).setPaidAt(paidAt).build();
	}

	@Test
	void answersTheSameOrderWithinFiveMinutesAsADuplicateOfTheFirstInvoice() {
		CreateInvoice first = identified(this.data.command(newKey()).setOrderId(77L));
		kafka.send(first);
		long firstInvoice = kafka.awaitFinal(first.getRequestId(), TIMEOUT).getInvoice().getId();
		this.clock.advance(Duration.ofMinutes(4));
		CreateInvoice again = identified(this.data.command(newKey()).setOrderId(77L).setMemo("other amount")
			.setLineItems(List.of(LineItem.newBuilder().setProductId(this.data.productId()).setQuantity(1).build())));

		kafka.send(again);

		RequestStatus status = kafka.awaitFinal(again.getRequestId(), TIMEOUT);
		assertThat(status.getState()).isEqualTo(RequestState.DUPLICATE);
		assertThat(status.getDuplicateRule()).isEqualTo("same-order-5m");
		assertThat(status.getInvoice().getId()).isEqualTo(firstInvoice);
		assertThat(countInvoices()).isEqualTo(1);
	}

	@Test
	void createsTheSameAmountAgainOnceTwoMinutesHavePassed() {
		CreateInvoice first = identified(this.data.command(newKey()));
		kafka.send(first);
		kafka.awaitFinal(first.getRequestId(), TIMEOUT);
		CreateInvoice within = identified(this.data.command(newKey()));
		kafka.send(within);
		assertThat(kafka.awaitFinal(within.getRequestId(), TIMEOUT).getDuplicateRule()).isEqualTo("same-amount-2m");
		this.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
		CreateInvoice after = identified(this.data.command(newKey()));

		kafka.send(after);

		assertThat(kafka.awaitFinal(after.getRequestId(), TIMEOUT).getState()).isEqualTo(RequestState.CREATED);
		assertThat(countInvoices()).isEqualTo(2);
	}

	@Test
	void sendsUndecodableBytesToTheDeadLetterTopicAndProcessesTheCommandsAroundThem() {
		CreateInvoice before = identified(this.data.command(newKey()));
		CreateInvoice after = identified(this.data.command(newKey()).setPatientId(this.data.otherPatientId()));
		String garbageKey = this.data.clinicId() + ":garbage";

		kafka.send(before);
		kafka.sendRaw(garbageKey, "not avro at all".getBytes());
		kafka.send(after);

		assertThat(kafka.awaitFinal(before.getRequestId(), TIMEOUT).getState()).isEqualTo(RequestState.CREATED);
		assertThat(kafka.awaitFinal(after.getRequestId(), TIMEOUT).getState()).isEqualTo(RequestState.CREATED);
		org.awaitility.Awaitility.await().atMost(TIMEOUT).until(() -> !kafka.deadLetters(garbageKey).isEmpty());
		assertThat(kafka.deadLetters(garbageKey)).singleElement().satisfies((deadLetter) -> {
			assertThat(deadLetter.value()).isEqualTo("not avro at all".getBytes());
			assertThat(deadLetter.headers().lastHeader(DeadLetters.ERROR_CODE_HEADER).value())
				.isEqualTo("undecodable".getBytes());
			assertThat(deadLetter.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNotNull();
		});
		assertThat(Topics.COMMANDS_DEAD_LETTER).isEqualTo("invoice.commands-dlt");
	}

	@Test
	void logsEachOutcomeUnderTheTraceOfTheHttpRequestThatMadeIt(CapturedOutput output) {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		CreateInvoice command = identified(this.data.command(newKey()));

		kafka.send(command, "00-" + traceId + "-00f067aa0ba902b7-01");
		kafka.awaitFinal(command.getRequestId(), TIMEOUT);

		org.awaitility.Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> assertThat(output.getOut())
			.containsPattern(traceId + ".*requestId=" + command.getRequestId() + " state=CREATED"));
	}

	private long countInvoices() {
		return this.jdbc.queryForObject("select count(*) from invoices where clinic_id = ?", Long.class,
				this.data.clinicId());
	}

	private long countPayments() {
		return this.jdbc.queryForObject(
				"select count(*) from payments p join invoices i on i.id = p.invoice_id where i.clinic_id = ?",
				Long.class, this.data.clinicId());
	}

}
