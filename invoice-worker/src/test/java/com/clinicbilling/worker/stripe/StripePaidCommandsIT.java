package com.clinicbilling.worker.stripe;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.worker.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.clinicbilling.worker.TestData.identified;
import static com.clinicbilling.worker.TestData.newKey;
import static org.assertj.core.api.Assertions.assertThat;

/** Commands made of paid Stripe invoices (webhook, backfill), as the worker answers them. */
class StripePaidCommandsIT extends StripeWorkerTestSupport {

	private TestData data;

	@BeforeEach
	void newClinic() {
		this.data = TestData.newClinic(db);
	}

	@Test
	void makesOnePaidInvoiceOfThreeDeliveriesOfOneStripeInvoice() {
		String stripeId = "in_paid_" + this.data.clinicId;
		String json = PaidStripeInvoices.json(stripeId, this.data.clinicId, this.data.patientId, 12_900);
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
				Long.class, this.data.clinicId, stripeId)).isEqualTo(1);
		assertThat(db.queryForObject(
				"select reference from payments p join invoices i on i.id = p.invoice_id where i.stripe_invoice_id = ?",
				String.class, stripeId)).isEqualTo(stripeId);
		assertThat(stripe.requestCount(this.data.clinicId)).isZero();
	}

	@Test
	void paysTheLocalInvoiceAPaidStripeInvoiceWasCreatedFrom() {
		CreateInvoice open = identified(this.data.command(newKey()));
		kafka.send(open);
		RequestStatus created = kafka.awaitFinal(open.getRequestId(), TIMEOUT);
		String stripeId = created.getInvoice().getStripeInvoiceId();
		CreateInvoice paid = PaidStripeInvoices
			.webhookCommand(PaidStripeInvoices.json(stripeId, this.data.clinicId, this.data.patientId, 64_800));

		kafka.send(paid);
		RequestStatus status = kafka.awaitFinal(paid.getRequestId(), TIMEOUT);

		long invoiceId = created.getInvoice().getId();
		assertThat(status.getState()).isEqualTo(RequestState.CREATED);
		assertThat(status.getInvoice().getId()).isEqualTo(invoiceId);
		assertThat(status.getInvoice().getStatus()).isEqualTo(InvoiceStatus.PAID);
		assertThat(status.getInvoice().getAmountPaid()).isEqualTo(64_800);
		assertThat(status.getInvoice().getAmountDue()).isZero();
		assertThat(invoices(this.data.clinicId)).isEqualTo(1);
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
			.webhookCommand(PaidStripeInvoices.json("in_jan_" + this.data.clinicId, this.data.clinicId, this.data.patientId, 29_900));
		CreateInvoice february = PaidStripeInvoices
			.webhookCommand(PaidStripeInvoices.json("in_feb_" + this.data.clinicId, this.data.clinicId, this.data.patientId, 29_900));

		kafka.send(january);
		kafka.send(february);

		assertThat(kafka.awaitFinal(january.getRequestId(), TIMEOUT).getState()).isEqualTo(RequestState.CREATED);
		assertThat(kafka.awaitFinal(february.getRequestId(), TIMEOUT).getState()).isEqualTo(RequestState.CREATED);
		assertThat(invoices(this.data.clinicId)).isEqualTo(2);
	}

}
