package com.clinicbilling.worker.invoice;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The seed's duplicate rules: an invoice for the same patient and order within 5 minutes, or for
 * the same patient and amount within 2 minutes, is a duplicate of the existing one. Windows are
 * configuration, and each rule's name says its window; "now" is passed in, from the injected clock.
 *
 * <p>"Amount" is the invoice total. The seed compared {@code amountDue}, which is 0 for every
 * invoice paid externally and would make any two of a patient's paid invoices duplicates.
 */
final class DuplicateRules {

	private final Duration sameOrderWindow;

	private final Duration sameAmountWindow;

	/** The rules' names carry their configured windows: {@code same-order-10m} where it is 10 minutes. */
	private final String sameOrderRule;

	private final String sameAmountRule;

	DuplicateRules(Duration sameOrderWindow, Duration sameAmountWindow) {
		this.sameOrderWindow = sameOrderWindow;
		this.sameAmountWindow = sameAmountWindow;
		this.sameOrderRule = "same-order-" + shortForm(sameOrderWindow);
		this.sameAmountRule = "same-amount-" + shortForm(sameAmountWindow);
	}

	/** A window in its largest whole unit: {@code 2h}, {@code 5m}, {@code 90s}, {@code 1500ms}. */
	static String shortForm(Duration window) {
		if (window.toMillis() % 1000 != 0) {
			return window.toMillis() + "ms";
		}
		long seconds = window.toSeconds();
		if (seconds % 3600 == 0) {
			return seconds / 3600 + "h";
		}
		return (seconds % 60 == 0) ? seconds / 60 + "m" : seconds + "s";
	}

	record Match(String rule, RecentInvoice existing) {
	}

	Instant sameOrderFrom(Instant now) {
		return now.minus(this.sameOrderWindow);
	}

	Instant sameAmountFrom(Instant now) {
		return now.minus(this.sameAmountWindow);
	}

	/** The same-order rule wins over the same-amount rule; the newest match is named. */
	Optional<Match> match(InvoiceDraft draft, List<RecentInvoice> recent, Instant now) {
		long clinic = draft.command().getClinicId();
		long patient = draft.command().getPatientId();
		Long order = draft.command().getOrderId();
		Comparator<RecentInvoice> newest = Comparator.comparing(RecentInvoice::createdAt);
		Optional<RecentInvoice> sameOrder = recent.stream()
			.filter((r) -> r.clinicId() == clinic && r.patientId() == patient)
			.filter((r) -> order != null && Objects.equals(order, r.orderId()))
			.filter((r) -> !r.createdAt().isBefore(now.minus(this.sameOrderWindow)))
			.max(newest);
		if (sameOrder.isPresent()) {
			return Optional.of(new Match(this.sameOrderRule, sameOrder.get()));
		}
		return recent.stream()
			.filter((r) -> r.clinicId() == clinic && r.patientId() == patient)
			.filter((r) -> r.amount() == draft.amount())
			.filter((r) -> !r.createdAt().isBefore(now.minus(this.sameAmountWindow)))
			.max(newest)
			.map((r) -> new Match(this.sameAmountRule, r));
	}

}
