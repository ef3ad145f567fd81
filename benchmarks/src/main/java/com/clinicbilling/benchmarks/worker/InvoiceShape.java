package com.clinicbilling.benchmarks.worker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.clinicbilling.schemas.CommandIdentity;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.ExternalPayment;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.PaymentMethod;

/**
 * The n-th invoice of a benchmark clinic, the same for the worker (as a command) and for the raw
 * insert baselines (as rows): the seed's incident path, "mark as paid externally", so each invoice
 * is one invoice row, one or two item rows and one payment row.
 *
 * <p>No two invoices of a run are duplicates under the worker's rules: each has its own order and
 * its own amount ({@code 1,000 + n}, plus the product's 29,900 for odd n; an even and an odd n
 * would need to be 29,900 apart and share a patient, which {@code n % patients} never gives for
 * the sizes used here).
 */
final class InvoiceShape {

	private InvoiceShape() {
	}

	record Item(Long productId, String description, long unitAmount, int quantity) {

		long amount() {
			return this.unitAmount * this.quantity;
		}

	}

	record Rows(long patientId, long orderId, String idempotencyKey, String requestId, List<Item> items,
			String paymentReference) {

		long amount() {
			return this.items.stream().mapToLong(Item::amount).sum();
		}

	}

	static Rows rows(BenchClinic clinic, String keyPrefix, int n) {
		List<Item> items = new ArrayList<>(2);
		if (n % 2 == 1) {
			items.add(new Item(clinic.productId(), clinic.productName(), clinic.productAmount(), 1));
		}
		items.add(new Item(null, "Visit " + n, 1_000L + n, 1));
		String key = keyPrefix + n;
		return new Rows(clinic.patientOf(n), n + 1L, key, "req-" + clinic.id() + "-" + key, items, "pi_bench_" + n);
	}

	static CreateInvoice command(BenchClinic clinic, String keyPrefix, int n, Instant acceptedAt, Instant paidAt) {
		Rows rows = rows(clinic, keyPrefix, n);
		List<LineItem> lines = rows.items().stream().map((item) -> (item.productId() != null)
				? LineItem.newBuilder().setProductId(item.productId()).setQuantity(item.quantity()).build()
				: LineItem.newBuilder()
					.setDescription(item.description())
					.setUnitAmount(item.unitAmount())
					.setQuantity(item.quantity())
					.build())
			.toList();
		return CommandIdentity.identify(CreateInvoice.newBuilder()
			.setClinicId(clinic.id())
			.setIdempotencyKey(rows.idempotencyKey())
			.setAcceptedAt(acceptedAt)
			.setSource(CommandSource.API)
			.setPatientId(rows.patientId())
			.setOrderId(rows.orderId())
			.setCurrency("usd")
			.setLineItems(lines)
			.setPaidExternally(ExternalPayment.newBuilder()
				.setMethod(PaymentMethod.STRIPE_NOT_SYNCED)
				.setReference(rows.paymentReference())
				.setPaidAt(paidAt)
				.build()));
	}

}
