package com.clinicbilling.worker.stripe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.worker.TestData;
import com.clinicbilling.worker.TestInfrastructure;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static com.clinicbilling.worker.TestData.identified;
import static com.clinicbilling.worker.TestData.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Stripe stage on a real broker and PostgreSQL, with WireMock for Stripe. */
class StripeInvoiceCreationIT extends StripeWorkerTestSupport {

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private HealthEndpoint health;

	private TestData data;

	@BeforeEach
	void newClinic() {
		this.data = TestData.newClinic(db);
	}

	@Test
	void createsAnOpenInvoiceOnStripeAndAnswersWithItsStripeId() {
		RequestStatus status = invoiceAndAwaitFinal();

		long invoiceId = status.getInvoice().getId();
		String stripeId = "in_inv-" + this.data.clinicId() + "-" + invoiceId + "-create";
		assertThat(status.getState()).isEqualTo(RequestState.CREATED);
		assertThat(status.getInvoice().getStatus()).isEqualTo(InvoiceStatus.OPEN);
		assertThat(status.getInvoice().getStripeInvoiceId()).isEqualTo(stripeId);
		assertThat(stripeInvoiceId(invoiceId)).isEqualTo(stripeId);
		assertThat(phase(invoiceId)).isEqualTo("CREATED");
		assertThat(keys(stripe.requests(this.data.clinicId(), "customer")))
			.containsExactly("cus-" + this.data.clinicId() + "-" + this.data.patientId());
		assertThat(keys(stripe.requests(this.data.clinicId(), "create")))
			.containsExactly("inv-" + this.data.clinicId() + "-" + invoiceId + "-create");
		assertThat(stripe.requests(this.data.clinicId(), "create").get(0).getBodyAsString())
			.contains("metadata[clinic_id]=" + this.data.clinicId(), "metadata[invoice_id]=" + invoiceId,
					"metadata[request_id]=" + status.getRequestId(),
					"pending_invoice_items_behavior=exclude", "auto_advance=false");
		assertThat(stripe.requests(this.data.clinicId(), "lines")).singleElement()
			.satisfies((lines) -> assertThat(decoded(lines)).contains("[amount]=59800", "[description]=Semaglutide × 2",
					"[amount]=5000", "[description]=Consultation"));
		assertThat(stripe.requests(this.data.clinicId(), "finalize")).hasSize(1);
		assertThat(calls("finalize", "ok")).isPositive();
		assertThat(calls("create_draft", "ok")).isPositive();
	}

	@Test
	void showsTheIntakeDetailsTheRunbookReads() {
		HealthDescriptor intake = this.health.healthForPath("intake");

		assertThat(intake).isInstanceOfSatisfying(IndicatedHealthDescriptor.class,
				(component) -> assertThat(component.getDetails()).containsKeys("consuming", "stalledPartitions"));
	}

	@Test
	void makesOneStripeCustomerPerPatient() {
		CreateInvoice first = identified(this.data.command(newKey()));
		CreateInvoice second = identified(this.data.command(newKey()).setOrderId(2L).setMemo("second"));
		kafka.send(first);
		kafka.awaitFinal(first.getRequestId(), TIMEOUT);
		// Another amount, so the seed's same-amount rule does not make it a duplicate.
		kafka.send(identified(CreateInvoice.newBuilder(second).setLineItems(List.of(
				com.clinicbilling.schemas.LineItem.newBuilder().setDescription("Visit").setUnitAmount(700L).setQuantity(1).build()))));

		await().atMost(TIMEOUT).until(() -> stripe.requests(this.data.clinicId(), "finalize").size() == 2);

		assertThat(stripe.requests(this.data.clinicId(), "customer")).hasSize(1);
		assertThat(db.queryForObject("select count(*) from stripe_customers where clinic_id = ?", Long.class,
				this.data.clinicId())).isEqualTo(1);
	}

	@Test
	void keepsTheWorkersConnectionsFreeAndOtherCommandsFlowingWhileStripeIsSlow() throws InterruptedException {
		stripe.slowDown(this.data.clinicId(), 2_000);
		CreateInvoice open = identified(this.data.command(newKey()));
		kafka.send(open);
		// Phase one is recorded: the Stripe stage now waits for Stripe's first answer, 2 s away.
		await().atMost(TIMEOUT).until(() -> phaseOfRequest(open) != null);
		AtomicBoolean sampling = new AtomicBoolean(true);
		AtomicInteger inTransaction = new AtomicInteger();
		SingleConnectionDataSource connection = new SingleConnectionDataSource(TestInfrastructure.jdbcUrl(), "postgres",
				"postgres", true);
		JdbcTemplate monitor = new JdbcTemplate(connection);
		Thread sampler = new Thread(() -> {
			while (sampling.get()) {
				inTransaction.accumulateAndGet(longTransactions(monitor), Math::max);
				sleep(20);
			}
		});
		sampler.start();

		List<CreateInvoice> paid = new ArrayList<>();
		for (int n = 0; n < 20; n++) {
			paid.add(identified(CreateInvoice.newBuilder(this.data.numbered("paid-" + newKey() + "-", n))
				.setPaidExternally(TestData.paidOnStripe())));
		}
		kafka.sendAll(paid);
		await().atMost(TIMEOUT).until(() -> kafka.finalCount(paid.stream().map(CreateInvoice::getRequestId).toList()) == 20);
		RequestStatus openWhilePaidDone = kafka.latest(open.getRequestId());
		RequestStatus created = kafka.awaitFinal(open.getRequestId(), TIMEOUT);
		sampling.set(false);
		sampler.join();
		connection.destroy();

		assertThat(openWhilePaidDone).as("the Stripe-bound invoice is still on its way while the paid ones are done")
			.isNull();
		assertThat(inTransaction.get()).as("transactions held while Stripe answered").isZero();
		assertThat(created.getInvoice().getStripeInvoiceId()).isNotNull();
		assertThat(stripe.requestCount(this.data.clinicId())).isEqualTo(4);
	}

	@Test
	void resumesAfterTheStripeStageStoppedAfterPhaseOneAndMakesOneStripeInvoice() {
		MessageListenerContainer stage = this.listeners.getListenerContainer(StripeSyncListener.GROUP_ID);
		stage.stop();
		try {
			CreateInvoice command = identified(this.data.command(newKey()));
			kafka.send(command);
			await().atMost(TIMEOUT).until(() -> "PENDING".equals(phaseOfRequest(command)));
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(this.registry.get("invoice.stripe.backlog").tag("phase", "PENDING").gauge()
					.value()).isPositive());
			assertThat(this.registry.get("invoice.stripe.backlog.oldest").gauge().value()).isPositive();
			// The command delivered again while its invoice waits: held and handed off a second time.
			kafka.send(command);
			await().atMost(TIMEOUT).until(() -> handOffs(command) >= 2);
			assertThat(kafka.latest(command.getRequestId())).isNull();
			assertThat(stripe.requestCount(this.data.clinicId())).isZero();

			stage.start();

			RequestStatus status = kafka.awaitFinal(command.getRequestId(), TIMEOUT);
			long invoiceId = status.getInvoice().getId();
			assertThat(status.getInvoice().getStripeInvoiceId()).isEqualTo(stripeInvoiceId(invoiceId)).isNotNull();
			assertThat(stripe.requests(this.data.clinicId(), "create")).hasSize(1);
			assertThat(stripe.requests(this.data.clinicId(), "finalize")).hasSize(1);
			assertThat(invoices(this.data.clinicId())).isEqualTo(1);
		}
		finally {
			if (!stage.isRunning()) {
				stage.start();
			}
		}
	}

	@Test
	void retriesAStripeServerErrorFromTheRecordedPhaseAndCreatesTheInvoiceOnce() {
		stripe.answerOnce(this.data.clinicId(), "finalize", StripeStub.error(500, "api_error", "", "Something went wrong"));
		RequestStatus status = invoiceAndAwaitFinal();

		assertThat(status.getState()).isEqualTo(RequestState.CREATED);
		assertThat(status.getInvoice().getStripeInvoiceId()).isNotNull();
		assertThat(stripe.requests(this.data.clinicId(), "create")).hasSize(1);
		assertThat(stripe.requests(this.data.clinicId(), "lines")).hasSize(1);
		assertThat(stripe.retrievals(this.data.clinicId())).hasSize(1);
		assertThat(keys(stripe.requests(this.data.clinicId(), "finalize"))).hasSize(2).containsOnly(
				"inv-" + this.data.clinicId() + "-" + status.getInvoice().getId() + "-finalize");
		assertThat(calls("finalize", "retried")).isPositive();
	}

	@Test
	void retriesWhenStripeAsksToSlowDownWithTheSameIdempotencyKey() {
		stripe.answerOnce(this.data.clinicId(), "create",
				StripeStub.error(429, "invalid_request_error", "rate_limit", "Too many requests"));
		RequestStatus status = invoiceAndAwaitFinal();

		assertThat(status.getState()).isEqualTo(RequestState.CREATED);
		assertThat(keys(stripe.requests(this.data.clinicId(), "create"))).hasSize(2)
			.containsOnly("inv-" + this.data.clinicId() + "-" + status.getInvoice().getId() + "-create");
		assertThat(kafka.deadLetterCount()).isZero();
	}

	@Test
	void makesOneStripeInvoiceWhenStripesAnswerToItsCreationIsLost() {
		// Stripe creates the invoice, but its answer comes after the worker stopped waiting (a crash
		// right after the request looks the same): the retry must be the same request.
		stripe.answerOnce(this.data.clinicId(), "create",
				StripeStub.json("{\"id\": \"in_lost\", \"object\": \"invoice\", \"status\": \"draft\"}")
					.withFixedDelay(LOST_ANSWER_MILLIS));
		RequestStatus status = invoiceAndAwaitFinal();

		long invoiceId = status.getInvoice().getId();
		assertThat(status.getState()).isEqualTo(RequestState.CREATED);
		assertThat(keys(stripe.requests(this.data.clinicId(), "create"))).hasSize(2)
			.containsOnly("inv-" + this.data.clinicId() + "-" + invoiceId + "-create");
		assertThat(stripeInvoiceId(invoiceId)).isEqualTo("in_inv-" + this.data.clinicId() + "-" + invoiceId + "-create");
		assertThat(stripe.requests(this.data.clinicId(), "finalize")).hasSize(1);
	}

	@Test
	void rejectsWithStripesErrorCodeWhenStripeRefusesTheInvoice() {
		stripe.answer(this.data.clinicId(), "lines",
				StripeStub.error(400, "invalid_request_error", "parameter_invalid_integer", "Invalid integer: -1"));
		RequestStatus status = invoiceAndAwaitFinal();

		long invoiceId = status.getInvoice().getId();
		assertThat(status.getState()).isEqualTo(RequestState.REJECTED);
		assertThat(status.getErrorCode()).isEqualTo("stripe_parameter_invalid_integer");
		assertThat(status.getErrorMessage()).isEqualTo("Invalid integer: -1");
		assertThat(phase(invoiceId)).isEqualTo("REJECTED");
		assertThat(stripeInvoiceId(invoiceId)).isNull();
		assertThat(db.queryForObject("select metadata -> 'stripeError' ->> 'code' from invoices where id = ?",
				String.class, invoiceId)).isEqualTo("stripe_parameter_invalid_integer");
		assertThat(db.queryForObject(
				"select outcome || ' ' || error_code from invoice_requests where clinic_id = ? and idempotency_key = ?",
				String.class, this.data.clinicId(), status.getIdempotencyKey()))
			.isEqualTo("REJECTED stripe_parameter_invalid_integer");
		assertThat(stripe.requests(this.data.clinicId(), "lines")).hasSize(1);
		assertThat(stripe.requests(this.data.clinicId(), "finalize")).isEmpty();
	}

	/** A new invoice of this test's clinic, sent to the worker; its final status. */
	private RequestStatus invoiceAndAwaitFinal() {
		return kafka.sendAndAwaitFinal(identified(this.data.command(newKey())), TIMEOUT);
	}

	private String phaseOfRequest(CreateInvoice command) {
		return db.query("""
				select s.phase from invoice_requests r join stripe_invoices s on s.invoice_id = r.invoice_id
				where r.clinic_id = ? and r.idempotency_key = ?
				""", (rs) -> rs.next() ? rs.getString(1) : null, command.getClinicId(), command.getIdempotencyKey());
	}

	private long handOffs(CreateInvoice command) {
		Long invoiceId = db.queryForObject(
				"select invoice_id from invoice_requests where clinic_id = ? and idempotency_key = ?", Long.class,
				command.getClinicId(), command.getIdempotencyKey());
		return TopicReader.count(broker().getBrokersAsString(), Topics.STRIPE_SYNC, Long.toString(invoiceId));
	}

	/**
	 * Transactions open for over a second. Stripe takes two for each answer here, so a transaction
	 * held across a Stripe call would show; a command batch's own transaction takes milliseconds.
	 */
	private static int longTransactions(JdbcTemplate monitor) {
		return monitor.queryForObject("""
				select count(*) from pg_stat_activity
				where xact_start < now() - interval '1 second' and pid <> pg_backend_pid()
				""", Integer.class);
	}

	private long calls(String operation, String outcome) {
		Timer timer = this.registry.find("invoice.stripe.calls").tag("operation", operation).tag("outcome", outcome).timer();
		return (timer != null) ? timer.count() : 0;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static List<String> keys(List<LoggedRequest> requests) {
		return requests.stream().map((r) -> r.getHeader("Idempotency-Key")).toList();
	}

	private static String decoded(LoggedRequest request) {
		return java.net.URLDecoder.decode(request.getBodyAsString(), java.nio.charset.StandardCharsets.UTF_8);
	}

}
