package com.clinicbilling.schemas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CreateInvoiceRulesTest {

	private static final Instant NOW = Instant.parse("2026-02-12T10:00:00Z");

	private final CreateInvoiceRules rules = new CreateInvoiceRules(CreateInvoiceRules.DEFAULT_CURRENCIES,
			Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO);

	private static CreateInvoice.Builder valid() {
		return CreateInvoice.newBuilder(AvroSerdeTest.command());
	}

	private List<String> fields(CreateInvoice.Builder command) {
		return this.rules.check(command.build()).stream().map(CreateInvoiceRules.Violation::field).toList();
	}

	private static LineItem custom(String description, long unitAmount, int quantity) {
		return LineItem.newBuilder().setDescription(description).setUnitAmount(unitAmount).setQuantity(quantity).build();
	}

	@Test
	void acceptsTheContractsExample() {
		assertThat(this.rules.check(valid().build())).isEmpty();
	}

	@Test
	void namesEachBrokenFieldAsInTheHttpBody() {
		assertThat(fields(valid().setPatientId(0))).containsExactly("patientId");
		assertThat(fields(valid().setOrderId(-1L))).containsExactly("orderId");
		assertThat(fields(valid().setCurrency("USD"))).containsExactly("currency");
		assertThat(fields(valid().setMemo("m".repeat(501)))).containsExactly("memo");
		assertThat(fields(valid().setIdempotencyKey("has space"))).containsExactly("Idempotency-Key");
		assertThat(fields(valid().setLineItems(List.of(custom("x", 1, 1001))))).containsExactly("lineItems[0].quantity");
		assertThat(fields(valid().setLineItems(List.of(custom("x", 0, 1))))).containsExactly("lineItems[0].unitAmount");
		assertThat(fields(valid().setLineItems(List.of(custom("d".repeat(201), 1, 1)))))
			.containsExactly("lineItems[0].description");
	}

	@Test
	void wantsOneToAHundredLineItemsEachEitherAProductOrADescriptionWithAnAmount() {
		assertThat(fields(valid().setLineItems(List.of()))).containsExactly("lineItems");
		assertThat(fields(valid().setLineItems(Collections.nCopies(101, custom("x", 1, 1))))).containsExactly("lineItems");
		assertThat(fields(valid().setLineItems(
				List.of(LineItem.newBuilder().setProductId(1L).setDescription("x").setUnitAmount(1L).setQuantity(1).build()))))
			.containsExactly("lineItems[0]");
		assertThat(fields(valid().setLineItems(List.of(LineItem.newBuilder().setDescription("x").setQuantity(1).build()))))
			.containsExactly("lineItems[0]");
	}

	@Test
	void limitsTheTotalOfLinesThatCarryTheirOwnAmount() {
		assertThat(fields(valid().setLineItems(List.of(custom("a", 99_999_999, 1))))).isEmpty();
		assertThat(fields(valid().setLineItems(List.of(custom("a", 99_999_999, 1), custom("b", 1, 1)))))
			.containsExactly("lineItems");
	}

	@Test
	void refusesAPaymentDatedInTheFutureBeyondTheAllowedSkew() {
		ExternalPayment future = ExternalPayment.newBuilder()
			.setMethod(PaymentMethod.CASH)
			.setPaidAt(NOW.plusSeconds(1))
			.build();

		assertThat(fields(valid().setPaidExternally(future))).containsExactly("paidExternally.paidAt");
		assertThat(new CreateInvoiceRules(CreateInvoiceRules.DEFAULT_CURRENCIES, Clock.fixed(NOW, ZoneOffset.UTC),
				Duration.ofMinutes(5))
			.check(valid().setPaidExternally(future).build())).isEmpty();
	}

	@Test
	void acceptsKeysOfVisibleAsciiUpTo255Characters() {
		assertThat(CreateInvoiceRules.isValidIdempotencyKey("a".repeat(255))).isTrue();
		assertThat(CreateInvoiceRules.isValidIdempotencyKey("a".repeat(256))).isFalse();
		assertThat(CreateInvoiceRules.isValidIdempotencyKey("")).isFalse();
		assertThat(CreateInvoiceRules.isValidIdempotencyKey("ключ")).isFalse();
		assertThat(CreateInvoiceRules.isValidIdempotencyKey("~!@#$%^&*()_+")).isTrue();
	}

}
