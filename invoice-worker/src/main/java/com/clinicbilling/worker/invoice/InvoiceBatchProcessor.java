package com.clinicbilling.worker.invoice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import com.clinicbilling.schemas.CommandIdentity;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.CreateInvoiceRules;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.worker.invoice.InvoiceBatchStore.RequestRow;
import com.clinicbilling.worker.system.WorkerProperties;

import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides and records a batch of commands in one short transaction: a fixed number of statements
 * whatever the batch size, and nothing but PostgreSQL inside it. Answers one status per command,
 * in order, to be published once the transaction has committed.
 *
 * <p>Idempotent: the first command of a clinic's idempotency key records its outcome; every later
 * command with that key (redelivered, retried, replayed) gets the recorded outcome, or
 * {@code idempotency_key_reused} when it asks for something else.
 */
@Service
public class InvoiceBatchProcessor {

	/** The worker's clock may run behind the gateway's that accepted {@code paidAt}. */
	private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

	private final InvoiceBatchStore store;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final CreateInvoiceRules rules;

	private final DuplicateRules duplicates;

	InvoiceBatchProcessor(InvoiceBatchStore store, TransactionTemplate transaction, Clock clock,
			WorkerProperties properties) {
		this.store = store;
		this.transaction = transaction;
		this.clock = clock;
		this.rules = new CreateInvoiceRules(properties.currencies(), clock, CLOCK_SKEW);
		this.duplicates = new DuplicateRules(properties.sameOrderWindow(), properties.sameAmountWindow());
	}

	public List<RequestStatus> process(List<CreateInvoice> commands) {
		if (commands.isEmpty()) {
			return List.of();
		}
		return this.transaction.execute((status) -> decideAndRecord(commands));
	}

	private record RequestKey(long clinicId, String idempotencyKey) {

		static RequestKey of(CreateInvoice command) {
			return new RequestKey(command.getClinicId(), command.getIdempotencyKey());
		}

	}

	private record Decided(String bodyFingerprint, Outcome outcome) {
	}

	private List<RequestStatus> decideAndRecord(List<CreateInvoice> commands) {
		Instant now = this.clock.instant();
		this.store.lockPatients(commands.stream().map(InvoiceBatchProcessor::patientLockKey).toList());
		Map<RequestKey, Decided> decided = new HashMap<>();
		for (StoredRequest stored : this.store.findRequests(map(commands, CreateInvoice::getClinicId),
				map(commands, CreateInvoice::getIdempotencyKey))) {
			decided.put(new RequestKey(stored.clinicId(), stored.idempotencyKey()),
					new Decided(stored.bodyFingerprint(), Outcome.of(stored)));
		}
		Map<Long, Long> patients = this.store.findPatientClinics(
				commands.stream().map(CreateInvoice::getPatientId).collect(Collectors.toSet()));
		Map<Long, Product> products = this.store.findProducts(commands.stream()
			.flatMap((c) -> c.getLineItems().stream())
			.map(LineItem::getProductId)
			.filter((id) -> id != null)
			.collect(Collectors.toSet()));
		List<RecentInvoice> recent = new ArrayList<>(this.store.findRecentInvoices(
				map(commands, CreateInvoice::getClinicId), map(commands, CreateInvoice::getPatientId),
				this.duplicates.searchFrom(now)));
		long undecided = commands.stream().map(RequestKey::of).distinct().filter((k) -> !decided.containsKey(k)).count();
		Iterator<Long> invoiceIds = this.store.allocateInvoiceIds((int) undecided).iterator();

		List<RequestStatus> statuses = new ArrayList<>();
		List<RequestRow> requestRows = new ArrayList<>();
		List<NewInvoice> invoices = new ArrayList<>();
		for (CreateInvoice command : commands) {
			String fingerprint = CommandIdentity.fingerprint(command);
			Decided earlier = decided.get(RequestKey.of(command));
			if (earlier != null) {
				Outcome outcome = earlier.bodyFingerprint().equals(fingerprint) ? earlier.outcome()
						: Outcome.rejected(new Rejection(Rejection.IDEMPOTENCY_KEY_REUSED,
								"This idempotency key was used before for another request"), now);
				statuses.add(outcome.toStatus(command, fingerprint));
				continue;
			}
			Outcome outcome = decide(command, fingerprint, patients, products, recent, invoiceIds.next(), now,
					invoices);
			decided.put(RequestKey.of(command), new Decided(fingerprint, outcome));
			requestRows.add(requestRow(command, fingerprint, outcome));
			statuses.add(outcome.toStatus(command, fingerprint));
		}
		record(requestRows, invoices);
		return statuses;
	}

	private Outcome decide(CreateInvoice command, String fingerprint, Map<Long, Long> patients,
			Map<Long, Product> products, List<RecentInvoice> recent, long invoiceId, Instant now,
			List<NewInvoice> invoices) {
		Optional<Rejection> invalid = invalid(command, fingerprint);
		if (invalid.isPresent()) {
			return Outcome.rejected(invalid.get(), now);
		}
		InvoicePricing.Priced priced = InvoicePricing.price(command, patients, products);
		if (priced.rejection() != null) {
			return Outcome.rejected(priced.rejection(), now);
		}
		Optional<DuplicateRules.Match> duplicate = this.duplicates.match(priced.draft(), recent, now);
		if (duplicate.isPresent()) {
			return Outcome.duplicate(duplicate.get(), now);
		}
		NewInvoice invoice = new NewInvoice(invoiceId, priced.draft(), now);
		invoices.add(invoice);
		recent.add(invoice.asRecent());
		return Outcome.created(invoice.summary(), now);
	}

	/** The gateway's rules again: a producer writing to the topic directly gets the same checks. */
	private Optional<Rejection> invalid(CreateInvoice command, String fingerprint) {
		List<CreateInvoiceRules.Violation> violations = this.rules.check(command);
		if (!violations.isEmpty()) {
			return Optional.of(new Rejection(Rejection.INVALID_COMMAND, violations.stream()
				.map((v) -> v.field() + ": " + v.message())
				.collect(Collectors.joining("; "))));
		}
		if (!fingerprint.equals(command.getBodyFingerprint())) {
			return Optional.of(new Rejection(Rejection.INVALID_COMMAND,
					"bodyFingerprint does not match the command; compute it with CommandIdentity"));
		}
		return Optional.empty();
	}

	private void record(List<RequestRow> requestRows, List<NewInvoice> invoices) {
		if (requestRows.isEmpty()) {
			return;
		}
		int inserted = this.store.insertRequests(requestRows);
		if (inserted != requestRows.size()) {
			// Another worker recorded one of these keys since we looked (a rebalance overlap).
			// Roll back and retry: the next attempt finds and answers its outcome.
			throw new TransientDataAccessResourceException(
					"Idempotency keys recorded concurrently: %d of %d new".formatted(inserted, requestRows.size()));
		}
		this.store.insertInvoices(invoices);
	}

	private static RequestRow requestRow(CreateInvoice command, String fingerprint, Outcome outcome) {
		Rejection rejection = outcome.rejection();
		return new RequestRow(command.getClinicId(), command.getIdempotencyKey(), command.getRequestId(), fingerprint,
				outcome.state(), (outcome.invoice() != null) ? outcome.invoice().getId() : null,
				outcome.duplicateRule(), (rejection != null) ? rejection.code() : null,
				(rejection != null) ? rejection.message() : null, command.getAcceptedAt(), outcome.completedAt());
	}

	/** Advisory lock key of a patient of a clinic; a collision only serialises more than needed. */
	private static long patientLockKey(CreateInvoice command) {
		return (command.getClinicId() << 32) ^ command.getPatientId();
	}

	private static <R> List<R> map(List<CreateInvoice> commands, java.util.function.Function<CreateInvoice, R> f) {
		return commands.stream().map(f).toList();
	}

}
