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

	DuplicateRules(Duration sameOrderWindow, Duration sameAmountWindow) {
		this.sameOrderWindow = sameOrderWindow;
		this.sameAmountWindow = sameAmountWindow;
	}

	/**
	 * A window as a rule's name carries it ({@code same-order-10m} where it is configured to 10
	 * minutes): in whole minutes where it is some, else in seconds ({@code 90s}).
	 */
	static String shortForm(Duration window) {
		long seconds = window.toSeconds();
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
			return Optional.of(new Match("same-order-" + shortForm(this.sameOrderWindow), sameOrder.get()));
		}
		return recent.stream()
			.filter((r) -> r.clinicId() == clinic && r.patientId() == patient)
			.filter((r) -> r.amount() == draft.amount())
			.filter((r) -> !r.createdAt().isBefore(now.minus(this.sameAmountWindow)))
			.max(newest)
			.map((r) -> new Match("same-amount-" + shortForm(this.sameAmountWindow), r));
	}

}
