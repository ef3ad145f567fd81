package com.clinicbilling.worker.invoice;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DuplicateRulesTest {

	private static final Instant NOW = Instant.parse("2026-02-12T10:00:00Z");

	private final DuplicateRules rules = new DuplicateRules(Duration.ofMinutes(5), Duration.ofMinutes(2));

	private static InvoiceDraft draft(long patientId, Long orderId, long amount) {
		CreateInvoice command = InvoicePricingTest.command(patientId, InvoicePricingTest.custom("x", amount, 1));
		command.setOrderId(orderId);
		return new InvoiceDraft(command, List.of(), amount);
	}

	private static RecentInvoice recent(long id, long patientId, Long orderId, long amount, Duration ago) {
		return new RecentInvoice(1, patientId, orderId, amount, NOW.minus(ago), InvoiceSummary.newBuilder()
			.setId(id)
			.setStatus(InvoiceStatus.OPEN)
			.setAmount(amount)
			.setAmountDue(amount)
			.setAmountPaid(0)
			.setCurrency("usd")
			.build());
	}

	@Test
	void matchesTheSameOrderWithinFiveMinutesWhateverTheAmount() {
		var match = this.rules.match(draft(101, 7L, 100), List.of(recent(1, 101, 7L, 999, Duration.ofMinutes(5))), NOW);

		assertThat(match).hasValueSatisfying((m) -> {
			assertThat(m.rule()).isEqualTo("same-order-5m");
			assertThat(m.existing().summary().getId()).isEqualTo(1);
		});
	}

	@Test
	void ignoresTheSameOrderAfterFiveMinutes() {
		assertThat(this.rules.match(draft(101, 7L, 100),
				List.of(recent(1, 101, 7L, 999, Duration.ofMinutes(5).plusMillis(1))), NOW))
			.isEmpty();
	}

	@Test
	void matchesTheSameAmountWithinTwoMinutesOnlyForTheSamePatient() {
		List<RecentInvoice> recent = List.of(recent(1, 102, null, 100, Duration.ofSeconds(10)),
				recent(2, 101, null, 100, Duration.ofMinutes(2)));

		assertThat(this.rules.match(draft(101, null, 100), recent, NOW)).hasValueSatisfying(
				(m) -> assertThat(m).extracting(DuplicateRules.Match::rule, (x) -> x.existing().summary().getId())
					.containsExactly("same-amount-2m", 2L));
		assertThat(this.rules.match(draft(101, null, 100),
				List.of(recent(2, 101, null, 100, Duration.ofMinutes(2).plusMillis(1))), NOW))
			.isEmpty();
	}

	@Test
	void prefersTheSameOrderRuleAndNamesTheNewestMatch() {
		List<RecentInvoice> recent = List.of(recent(1, 101, null, 100, Duration.ofSeconds(1)),
				recent(2, 101, 7L, 50, Duration.ofMinutes(4)), recent(3, 101, 7L, 60, Duration.ofMinutes(3)));

		assertThat(this.rules.match(draft(101, 7L, 100), recent, NOW)).hasValueSatisfying(
				(m) -> assertThat(m).extracting(DuplicateRules.Match::rule, (x) -> x.existing().summary().getId())
					.containsExactly("same-order-5m", 3L));
	}

	@Test
	void searchesEachRuleOnlyAsFarBackAsItsWindow() {
		assertThat(this.rules.sameOrderFrom(NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
		assertThat(this.rules.sameAmountFrom(NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(2)));
	}

	@Test
	void namesEachRuleAfterItsConfiguredWindow() {
		DuplicateRules widened = new DuplicateRules(Duration.ofMinutes(10), Duration.ofSeconds(90));

		assertThat(widened.match(draft(101, 7L, 100), List.of(recent(1, 101, 7L, 999, Duration.ofMinutes(9))), NOW))
			.hasValueSatisfying((m) -> assertThat(m.rule()).isEqualTo("same-order-10m"));
		assertThat(widened.match(draft(101, null, 100), List.of(recent(2, 101, null, 100, Duration.ofSeconds(80))), NOW))
			.hasValueSatisfying((m) -> assertThat(m.rule()).isEqualTo("same-amount-90s"));
	}

	@Test
	void writesAWindowInMinutesWhereItIsWholeMinutes() {
		assertThat(DuplicateRules.shortForm(Duration.ofHours(2))).isEqualTo("120m");
		assertThat(DuplicateRules.shortForm(Duration.ofSeconds(45))).isEqualTo("45s");
	}

}
