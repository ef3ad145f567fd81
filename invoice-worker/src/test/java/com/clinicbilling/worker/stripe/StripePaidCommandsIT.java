package com.clinicbilling.worker.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.LocalInvoice;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.worker.TestData;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

import static com.clinicbilling.worker.TestData.identified;
import static com.clinicbilling.worker.TestData.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Commands made of paid Stripe invoices (webhook, backfill), as the worker answers them. */
class StripePaidCommandsIT extends StripeWorkerTestSupport {

	/** {@link TestData#command}: two of the product at 29900 and a consultation at 5000. */
	private static final long AMOUNT = 64_800;

	@Autowired
	private KafkaListenerEndpointRegistry listeners;

	private TestData data;

	@BeforeEach
	void newClinic() {
		this.data = TestData.newClinic(db);
	}

	@Test
	void makesOnePaidInvoiceOfThreeDeliveriesOfOneStripeInvoice() {
		String stripeId = "in_paid_" + this.data.clinicId();
		String json = PaidStripeInvoices.json(stripeId, this.data.clinicId(), this.data.patientId(), 12_900);
		CreateInvoice first = PaidStripeInvoices.webhookCommand(json);

		for (int delivery = 0; delivery < 3; delivery++) {
			CreateInvoice command = PaidStripeInvoices.webhookCommand(json);
			assertThat(command.getRequestId()).isEqualTo(first.getRequestId());
			kafka.send(command);
		}
		RequestStatus status = kafka.awaitFinal(first.getRequestId(), TIMEOUT);
		awaitAnswered(java.util.List.of(first.getRequestId()), 3);

		assertThat(status.getState()).isEqualTo(RequestState.CREATED);
		assertThat(status.getInvoice().getStatus()).isEqualTo(InvoiceStatus.PAID);
		assertThat(status.getInvoice().getAmount()).isEqualTo(12_900);
		assertThat(status.getInvoice().getAmountPaid()).isEqualTo(12_900);
		assertThat(status.getInvoice().getStripeInvoiceId()).isEqualTo(stripeId);
		assertThat(db.queryForObject("select count(*) from invoices where clinic_id = ? and stripe_invoice_id = ?",
				Long.class, this.data.clinicId(), stripeId)).isEqualTo(1);
		assertThat(db.queryForObject(
				"select reference from payments p join invoices i on i.id = p.invoice_id where i.stripe_invoice_id = ?",
				String.class, stripeId)).isEqualTo(stripeId);
		assertThat(stripe.requestCount(this.data.clinicId())).isZero();
	}

	@Test
	void paysTheLocalInvoiceAPaidStripeInvoiceWasCreatedFrom() {
		RequestStatus created = kafka.sendAndAwaitFinal(identified(this.data.command(newKey())), TIMEOUT);
		String stripeId = created.getInvoice().getStripeInvoiceId();
		CreateInvoice paid = PaidStripeInvoices
			.webhookCommand(PaidStripeInvoices.json(stripeId, this.data.clinicId(), this.data.patientId(), 64_800));

		RequestStatus status = kafka.sendAndAwaitFinal(paid, TIMEOUT);

		long invoiceId = created.getInvoice().getId();
		assertThat(status.getState()).isEqualTo(RequestState.CREATED);
		assertThat(status.getInvoice().getId()).isEqualTo(invoiceId);
		assertThat(status.getInvoice().getStatus()).isEqualTo(InvoiceStatus.PAID);
		assertThat(status.getInvoice().getAmountPaid()).isEqualTo(64_800);
		assertThat(status.getInvoice().getAmountDue()).isZero();
		assertThat(invoices(this.data.clinicId())).isEqualTo(1);
		assertThat(db.queryForObject("select status || ' ' || amount_paid || ' ' || amount_due from invoices where id = ?",
				String.class, invoiceId)).isEqualTo("PAID 64800 0");
		assertThat(db.queryForList("select amount, method, reference from payments where invoice_id = ?", invoiceId))
			.singleElement()
			.satisfies((payment) -> assertThat(payment).containsEntry("amount", 64_800L)
				.containsEntry("method", "STRIPE_NOT_SYNCED")
				.containsEntry("reference", stripeId));
	}

	@Test
	void makesNoDuplicateOfTwoEqualStripeInvoicesOfOnePatient() {
		CreateInvoice january = PaidStripeInvoices
			.webhookCommand(PaidStripeInvoices.json("in_jan_" + this.data.clinicId(), this.data.clinicId(), this.data.patientId(), 29_900));
		CreateInvoice february = PaidStripeInvoices
			.webhookCommand(PaidStripeInvoices.json("in_feb_" + this.data.clinicId(), this.data.clinicId(), this.data.patientId(), 29_900));

		kafka.send(january);
		kafka.send(february);

		assertThat(kafka.awaitFinal(january.getRequestId(), TIMEOUT).getState()).isEqualTo(RequestState.CREATED);
		assertThat(kafka.awaitFinal(february.getRequestId(), TIMEOUT).getState()).isEqualTo(RequestState.CREATED);
		assertThat(invoices(this.data.clinicId())).isEqualTo(2);
	}

	@Test
	void paysTheLocalInvoiceWhenInvoicePaidComesBeforePhaseTwo() {
		long clinicId = this.data.clinicId();
		stripe.payOnFinalizationHeld(clinicId);
		CreateInvoice open = identified(this.data.command(newKey()));
		RequestStatus paidStatus;
		try {
			kafka.send(open);
			await().atMost(TIMEOUT).until(stripe::holdsAFinalization);
			CreateInvoice paid = PaidStripeInvoices.webhookCommand(paidAsStripeSendsIt(clinicId));
			paidStatus = kafka.sendAndAwaitFinal(paid, TIMEOUT);

			assertThat(phase(invoiceOf(open))).as("Stripe's answer to the finalization is still on its way")
				.isEqualTo("DRAFT");
			assertThat(kafka.latest(open.getRequestId())).isNull();
		}
		finally {
			stripe.releaseFinalization();
		}
		RequestStatus created = kafka.awaitFinal(open.getRequestId(), TIMEOUT);

		long invoiceId = invoiceOf(open);
		String stripeId = stripeInvoiceId(invoiceId);
		assertThat(paidStatus.getState()).isEqualTo(RequestState.CREATED);
		assertThat(paidStatus.getInvoice().getId()).isEqualTo(invoiceId);
		assertThat(paidStatus.getInvoice().getStatus()).isEqualTo(InvoiceStatus.PAID);
		assertThat(paidStatus.getInvoice().getStripeInvoiceId()).isEqualTo(stripeId).isNotNull();
		assertThat(created.getState()).isEqualTo(RequestState.CREATED);
		assertThat(created.getInvoice().getStatus()).as("phase 2 after the payment").isEqualTo(InvoiceStatus.PAID);
		assertThat(created.getInvoice().getAmountDue()).isZero();
		assertThat(created.getInvoice().getStripeInvoiceId()).isEqualTo(stripeId);
		assertPaidOnce(clinicId, invoiceId);
	}

	@Test
	void paysTheLocalInvoiceWhenInvoicePaidComesAfterPhaseTwo() {
		long clinicId = this.data.clinicId();
		stripe.payOnFinalization(clinicId);
		RequestStatus created = kafka.sendAndAwaitFinal(identified(this.data.command(newKey())), TIMEOUT);
		assertThat(created.getInvoice().getStatus()).isEqualTo(InvoiceStatus.OPEN);

		CreateInvoice paid = PaidStripeInvoices.webhookCommand(paidAsStripeSendsIt(clinicId));
		RequestStatus paidStatus = kafka.sendAndAwaitFinal(paid, TIMEOUT);

		assertThat(paidStatus.getInvoice().getId()).isEqualTo(created.getInvoice().getId());
		assertThat(paidStatus.getInvoice().getStatus()).isEqualTo(InvoiceStatus.PAID);
		assertPaidOnce(clinicId, created.getInvoice().getId());
	}

	@Test
	void makesOneInvoiceWhenInvoicePaidRacesPhaseTwo() {
		// Whichever of the two commits first, on two pools of the worker: the order is not forced.
		for (int round = 0; round < 3; round++) {
			TestData clinic = (round == 0) ? this.data : TestData.newClinic(db);
			stripe.payOnFinalization(clinic.clinicId());
			CreateInvoice open = identified(clinic.command(newKey()));
			kafka.send(open);
			await().atMost(TIMEOUT).until(() -> !stripe.requests(clinic.clinicId(), "finalize").isEmpty());
			CreateInvoice paid = PaidStripeInvoices.webhookCommand(paidAsStripeSendsIt(clinic.clinicId()));
			kafka.send(paid);

			RequestStatus created = kafka.awaitFinal(open.getRequestId(), TIMEOUT);
			RequestStatus paidStatus = kafka.awaitFinal(paid.getRequestId(), TIMEOUT);

			assertThat(paidStatus.getInvoice().getId()).isEqualTo(created.getInvoice().getId());
			assertThat(paidStatus.getInvoice().getStatus()).isEqualTo(InvoiceStatus.PAID);
			assertPaidOnce(clinic.clinicId(), created.getInvoice().getId());
		}
	}

	@Test
	void neverPaysAnInvoiceOfAnotherClinicOrRequestThatTheMetadataNames() {
		MessageListenerContainer stage = this.listeners.getListenerContainer(StripeSyncListener.GROUP_ID);
		TestData other = TestData.newClinic(db);
		CreateInvoice open = identified(this.data.command(newKey()));
		long invoiceId;
		List<CreateInvoice> forged;
		stage.stop();
		try {
			// PENDING: no Stripe id bound yet, so only the clinic, patient and request checks stand in the way.
			kafka.send(open);
			await().atMost(TIMEOUT).until(() -> invoiceOfOrNull(open) != null);
			invoiceId = invoiceOf(open);
			String local = "\"invoice_id\": \"" + invoiceId + "\", \"request_id\": \"" + open.getRequestId() + "\"";
			forged = List.of(
					// Another clinic's Stripe invoice naming this clinic's invoice and request.
					forged("in_other_clinic_" + other.clinicId(), other, local),
					// This clinic's, naming its invoice with another request.
					forged("in_other_request_" + this.data.clinicId(), this.data,
							local.replace(open.getRequestId(), java.util.UUID.randomUUID().toString())));
			// A producer writing to the topic itself: another clinic's command naming this clinic.
			CreateInvoice direct = CreateInvoice.newBuilder(forged.get(0))
				.setIdempotencyKey("stripe:in_direct_" + other.clinicId())
				.setStripeInvoiceId("in_direct_" + other.clinicId())
				.setLocalInvoice(LocalInvoice.newBuilder()
					.setClinicId(this.data.clinicId())
					.setInvoiceId(invoiceId)
					.setRequestId(open.getRequestId())
					.build())
				.build();
			forged = List.of(forged.get(0), forged.get(1), identified(CreateInvoice.newBuilder(direct)));
			kafka.sendAll(forged);
			for (CreateInvoice command : forged) {
				RequestStatus status = kafka.awaitFinal(command.getRequestId(), TIMEOUT);
				assertThat(status.getInvoice().getId()).isNotEqualTo(invoiceId);
				assertThat(status.getInvoice().getStatus()).isEqualTo(InvoiceStatus.PAID);
			}
		}
		finally {
			if (!stage.isRunning()) {
				stage.start();
			}
		}

		kafka.awaitFinal(open.getRequestId(), TIMEOUT);
		assertThat(db.queryForObject("select status from invoices where id = ?", String.class, invoiceId))
			.isEqualTo("OPEN");
		assertThat(db.queryForObject("select count(*) from payments where invoice_id = ?", Long.class, invoiceId))
			.isZero();
		assertThat(invoices(other.clinicId())).isEqualTo(2);
	}

	private static CreateInvoice forged(String stripeId, TestData clinic, String localInvoiceMetadata) {
		return PaidStripeInvoices.webhookCommand(PaidStripeInvoices
			.json(stripeId, clinic.clinicId(), clinic.patientId(), AMOUNT)
			.replace("\"metadata\": {", "\"metadata\": {" + localInvoiceMetadata + ", "));
	}

	/** The one invoice of the clinic is PAID in full, with one payment, and on Stripe (phase 2 done). */
	private static void assertPaidOnce(long clinicId, long invoiceId) {
		assertThat(invoices(clinicId)).isEqualTo(1);
		assertThat(db.queryForObject("select status || ' ' || amount_paid || ' ' || amount_due from invoices where id = ?",
				String.class, invoiceId)).isEqualTo("PAID " + AMOUNT + " 0");
		await().atMost(TIMEOUT).until(() -> "CREATED".equals(phase(invoiceId)));
		String stripeId = stripeInvoiceId(invoiceId);
		assertThat(stripeId).isEqualTo(db.queryForObject("select stripe_invoice_id from stripe_invoices where invoice_id = ?",
				String.class, invoiceId));
		assertThat(db.queryForList("select amount, method, reference from payments where invoice_id = ?", invoiceId))
			.singleElement()
			.satisfies((payment) -> assertThat(payment).containsEntry("amount", AMOUNT)
				.containsEntry("method", "STRIPE_NOT_SYNCED")
				.containsEntry("reference", stripeId));
	}

	/**
	 * The paid invoice Stripe sends of the invoice the worker created, with the metadata the worker
	 * wrote on its creation ({@link StripeStub}: its id is {@code in_<idempotency key>}).
	 */
	private static String paidAsStripeSendsIt(long clinicId) {
		LoggedRequest creation = stripe.requests(clinicId, "create").get(0);
		Map<String, String> metadata = new LinkedHashMap<>();
		for (String pair : creation.getBodyAsString().split("&")) {
			String[] nameAndValue = pair.split("=", 2);
			String name = URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8);
			if (name.startsWith("metadata[")) {
				metadata.put(name.substring("metadata[".length(), name.length() - 1),
						URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
			}
		}
		assertThat(metadata).containsKeys("clinic_id", "patient_id", "invoice_id", "request_id");
		return PaidStripeInvoices.json("in_" + creation.getHeader("Idempotency-Key"), metadata, AMOUNT);
	}

	private static Long invoiceOfOrNull(CreateInvoice command) {
		return db.query("select invoice_id from invoice_requests where clinic_id = ? and idempotency_key = ?",
				(rs) -> rs.next() ? rs.getLong(1) : null, command.getClinicId(), command.getIdempotencyKey());
	}

	private static long invoiceOf(CreateInvoice command) {
		return invoiceOfOrNull(command);
	}

}
