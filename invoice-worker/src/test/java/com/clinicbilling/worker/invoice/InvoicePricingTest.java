package com.clinicbilling.worker.invoice;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.LineItem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InvoicePricingTest {

	private static final Map<Long, Long> PATIENTS = Map.of(101L, 1L, 201L, 2L);

	private static final Map<Long, Product> PRODUCTS = Map.of(1L, new Product(1, 1, "Semaglutide", 29900, "usd"), 4L,
			new Product(4, 2, "Lab panel", 12900, "usd"), 9L, new Product(9, 1, "Import", 1000, "eur"));

	static CreateInvoice command(long patientId, LineItem... items) {
		return CreateInvoice.newBuilder()
			.setRequestId("r")
			.setClinicId(1)
			.setIdempotencyKey("k")
			.setBodyFingerprint("f")
			.setAcceptedAt(Instant.EPOCH)
			.setSource(CommandSource.API)
			.setPatientId(patientId)
			.setCurrency("usd")
			.setLineItems(List.of(items))
			.build();
	}

	static LineItem product(long id, int quantity) {
		return LineItem.newBuilder().setProductId(id).setQuantity(quantity).build();
	}

	static LineItem custom(String description, long unitAmount, int quantity) {
		return LineItem.newBuilder().setDescription(description).setUnitAmount(unitAmount).setQuantity(quantity).build();
	}

	@Test
	void pricesProductLinesFromTheProductAndCustomLinesFromTheCommand() {
		Checked priced = price(command(101, product(1, 2), custom("Consultation", 5000, 1)));

		assertThat(priced).isInstanceOf(InvoiceDraft.class);
		InvoiceDraft draft = (InvoiceDraft) priced;
		assertThat(draft.amount()).isEqualTo(64800);
		assertThat(draft.items()).containsExactly(new InvoiceDraft.Item(1L, "Semaglutide", 29900, 2),
				new InvoiceDraft.Item(null, "Consultation", 5000, 1));
	}

	@Test
	void rejectsAnotherClinicsPatientExactlyAsAnUnknownOne() {
		assertThat(rejectionCode(command(201, product(1, 1)))).isEqualTo("patient_not_found");
		assertThat(rejectionCode(command(999, product(1, 1)))).isEqualTo("patient_not_found");
	}

	@Test
	void rejectsAnotherClinicsProductExactlyAsAnUnknownOne() {
		assertThat(rejectionCode(command(101, product(4, 1)))).isEqualTo("product_not_found");
		assertThat(rejectionCode(command(101, product(5, 1)))).isEqualTo("product_not_found");
	}

	@Test
	void rejectsAProductPricedInAnotherCurrency() {
		assertThat(rejectionCode(command(101, product(9, 1)))).isEqualTo("currency_mismatch");
	}

	@Test
	void rejectsATotalOverTheLimitOnceProductsArePriced() {
		// 29900 x 1000 x 4 lines = 119,600,000 > 99,999,999
		assertThat(rejectionCode(command(101, product(1, 1000), product(1, 1000), product(1, 1000), product(1, 1000))))
			.isEqualTo("amount_too_large");
	}

	/** Priced for clinic 1 against {@link #PATIENTS} and {@link #PRODUCTS}, of clinic 1 and 2. */
	private static Checked price(CreateInvoice command) {
		return InvoicePricing.price(command, PATIENTS, PRODUCTS);
	}

	private static String rejectionCode(CreateInvoice command) {
		Checked checked = price(command);
		assertThat(checked).isInstanceOf(Rejection.class);
		return ((Rejection) checked).code();
	}

}
