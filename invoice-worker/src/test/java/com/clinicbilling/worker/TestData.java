package com.clinicbilling.worker;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.clinicbilling.schemas.CommandIdentity;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.ExternalPayment;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.PaymentMethod;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A fresh clinic per test, so tests never see each other's invoices or duplicate windows.
 *
 * @param productId unit amount 29900 usd
 */
public record TestData(long clinicId, long patientId, long otherPatientId, long productId) {

	private static final AtomicLong ids = new AtomicLong(
			1_000_000 + (System.nanoTime() & 0xFFFF) * 1_000);

	public static TestData newClinic(JdbcTemplate jdbc) {
		long base = ids.getAndAdd(10);
		jdbc.update("insert into clinics (id, name) values (?, ?)", base, "Clinic " + base);
		jdbc.update("insert into patients (id, clinic_id, name) values (?, ?, 'A'), (?, ?, 'B')", base + 1, base,
				base + 2, base);
		jdbc.update("insert into products (id, clinic_id, name, unit_amount, currency) values (?, ?, 'Semaglutide', 29900, 'usd')",
				base + 3, base);
		return new TestData(base, base + 1, base + 2, base + 3);
	}

	public CreateInvoice.Builder command(String idempotencyKey) {
		return CreateInvoice.newBuilder()
			.setClinicId(this.clinicId)
			.setIdempotencyKey(idempotencyKey)
			.setAcceptedAt(Instant.now())
			.setSource(CommandSource.API)
			.setPatientId(this.patientId)
			.setCurrency("usd")
			.setLineItems(List.of(LineItem.newBuilder().setProductId(this.productId).setQuantity(2).build(),
					LineItem.newBuilder().setDescription("Consultation").setUnitAmount(5000L).setQuantity(1).build()));
	}

	/** The n-th of many commands that are no duplicates of each other: each has its own amount. */
	public CreateInvoice numbered(String keyPrefix, int n) {
		return identified(command(keyPrefix + n).setPatientId((n % 2 == 0) ? this.patientId : this.otherPatientId)
			.setLineItems(List.of(
					LineItem.newBuilder().setDescription("Visit " + n).setUnitAmount(1_000L + n).setQuantity(1).build())));
	}

	public static ExternalPayment paidOnStripe() {
		return ExternalPayment.newBuilder()
			.setMethod(PaymentMethod.STRIPE_NOT_SYNCED)
			.setReference("pi_123")
			.setPaidAt(Instant.now().minusSeconds(60))
			.build();
	}

	public static String newKey() {
		return "key-" + UUID.randomUUID();
	}

	public static CreateInvoice identified(CreateInvoice.Builder command) {
		return CommandIdentity.identify(command);
	}

}
