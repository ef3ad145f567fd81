package com.clinicbilling.schemas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

	/** Text PostgreSQL cannot store (NUL), text no UTF-8 encoder keeps (lone surrogates), controls. */
	static Stream<Arguments> hostileStrings() {
		return Stream.of(Arguments.of("NUL", "a\u0000b"), Arguments.of("lone high surrogate", "a\uD800b"),
				Arguments.of("lone low surrogate", "a\uDC00b"), Arguments.of("high surrogate at the end", "ab\uD83D"),
				Arguments.of("swapped surrogates", "\uDE00\uD83D"), Arguments.of("BEL", "a\u0007"),
				Arguments.of("ESC", "\u001B[31m"), Arguments.of("DEL", "a\u007Fb"), Arguments.of("C1 NEL", "a\u0085b"),
				Arguments.of("C1 CSI", "a\u009Bb"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("hostileStrings")
	void refusesHostileTextInEveryTextField(String name, String hostile) {
		assertThat(fields(valid().setMemo(hostile))).containsExactly("memo");
		assertThat(fields(valid().setLineItems(List.of(custom(hostile, 1, 1)))))
			.containsExactly("lineItems[0].description");
		assertThat(fields(valid().setPaidExternally(payment((p) -> p.setReference(hostile)))))
			.containsExactly("paidExternally.reference");
		assertThat(fields(valid().setStripeInvoiceId(hostile))).containsExactly("stripeInvoiceId");
	}

	@Test
	void keepsLineBreaksAndTabsInFreeTextOnlyAndAcceptsAnyValidUnicode() {
		String unicode = "Zahnreinigung \u00e9\u4e2d\uD83D\uDE00 \u200b\uFFFD";
		assertThat(fields(valid().setMemo("line one\r\nline\ttwo " + unicode))).isEmpty();
		assertThat(fields(valid().setLineItems(List.of(custom("a\nb\t" + unicode, 1, 1))))).isEmpty();
		assertThat(fields(valid().setPaidExternally(payment((p) -> p.setReference("pi_1 " + unicode))))).isEmpty();
		assertThat(fields(valid().setPaidExternally(payment((p) -> p.setReference("a\tb")))))
			.containsExactly("paidExternally.reference");
		assertThat(fields(valid().setStripeInvoiceId("in_1\n"))).containsExactly("stripeInvoiceId");
	}

	/** Before 1583 calendars disagree, a BC year was stored as AD; far out, epoch millis overflow. */
	static Stream<Arguments> hostileInstants() {
		return Stream.of(Arguments.of(Instant.parse("1999-12-31T23:59:59.999Z")),
				Arguments.of(Instant.parse("1500-01-01T00:00:00Z")), Arguments.of(Instant.parse("-5000-01-01T00:00:00Z")),
				Arguments.of(Instant.ofEpochMilli(Long.MIN_VALUE)), Arguments.of(Instant.ofEpochMilli(Long.MAX_VALUE)),
				Arguments.of(Instant.parse("+10000-01-01T00:00:00Z")));
	}

	@ParameterizedTest
	@MethodSource("hostileInstants")
	void refusesInstantsBefore2000OrAfter9999(Instant hostile) {
		assertThat(fields(valid().setPaidExternally(payment((p) -> p.setPaidAt(hostile)))))
			.containsExactly("paidExternally.paidAt");
		assertThat(fields(valid().setAcceptedAt(hostile))).containsExactly("acceptedAt");
	}

	@Test
	void wantsPaidAtNotInTheFutureButTakesAcceptedAtFromAClockAhead() {
		assertThat(fields(valid().setPaidExternally(payment((p) -> p.setPaidAt(NOW.plusSeconds(1))))))
			.containsExactly("paidExternally.paidAt");
		assertThat(fields(valid().setAcceptedAt(NOW.plusSeconds(3600)))).isEmpty();
	}

	@Test
	void acceptsTheEdgesOfTheInstantRange() {
		assertThat(fields(valid().setAcceptedAt(CreateInvoiceRules.EARLIEST_INSTANT)
			.setPaidExternally(payment((p) -> p.setPaidAt(CreateInvoiceRules.EARLIEST_INSTANT))))).isEmpty();
		assertThat(fields(valid().setAcceptedAt(NOW).setPaidExternally(payment((p) -> p.setPaidAt(NOW))))).isEmpty();
		assertThat(CreateInvoiceRules.isWithinInstantRange(Instant.MIN)).isFalse();
		assertThat(CreateInvoiceRules.isWithinInstantRange(Instant.MAX)).isFalse();
	}

	@Test
	void wantsTheRequestIdCommandIdentityDerives() {
		assertThat(fields(valid().setRequestId("a\u0000b"))).containsExactly("requestId");
		assertThat(this.rules.checkEnvelope(valid().build())).isEmpty();
		assertThat(this.rules.checkEnvelope(valid().setIdempotencyKey("a\u0000b").build()))
			.extracting(CreateInvoiceRules.Violation::field)
			.containsExactly("Idempotency-Key");
	}

	private static ExternalPayment payment(UnaryOperator<ExternalPayment.Builder> change) {
		return change.apply(ExternalPayment.newBuilder()
			.setMethod(PaymentMethod.STRIPE_NOT_SYNCED)
			.setReference("pi_123")
			.setPaidAt(NOW.minusSeconds(3600))).build();
	}

}
