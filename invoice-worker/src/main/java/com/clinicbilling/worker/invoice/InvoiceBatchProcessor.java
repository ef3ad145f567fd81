package com.clinicbilling.worker.invoice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.clinicbilling.schemas.CommandIdentity;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.CreateInvoiceRules;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.worker.invoice.InvoiceBatchStore.RequestRow;
import com.clinicbilling.worker.system.WorkerProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides and records a batch of commands in one short transaction: a fixed number of statements
 * whatever the batch size, and nothing but PostgreSQL inside it. Answers one status per command,
 * to be published once the transaction has committed.
 *
 * <p>A patient's commands are decided holding the patient's lock, so the duplicate rules hold across
 * concurrent batches. A batch does not wait for patients another batch holds ("hot" patients): their
 * commands, with every command of their keys, are decided in a second transaction that waits for
 * those locks once the rest is committed, so concurrent batches overlap instead of running one after
 * the other. Each patient's and each key's commands keep their batch order.
 *
 * <p>Idempotent: the first command of a clinic's idempotency key records its outcome; every later
 * command with that key (redelivered, retried, replayed) gets the recorded outcome, or
 * {@code idempotency_key_reused} when it asks for something else.
 *
 * <p>A command whose key, request id or acceptedAt breaks the rules is answered {@code invalid_command}
 * without touching the database: there is nothing it could be recorded under, and PostgreSQL could
 * not store it (a NUL in the key, a year outside {@code timestamptz}).
 *
 * <p>Where Stripe is configured, a new OPEN invoice's status waits for the Stripe stage
 * ({@link StripeRouting}); a command mirroring a paid Stripe invoice the clinic already has pays it
 * ({@link StripePayments}).
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

	private final StripePayments stripePayments;

	private final StripeRouting stripe;

	InvoiceBatchProcessor(InvoiceBatchStore store, TransactionTemplate transaction, Clock clock,
			WorkerProperties properties, StripePayments stripePayments, ObjectProvider<StripeRouting> stripe) {
		this.store = store;
		this.transaction = transaction;
		this.clock = clock;
		this.rules = new CreateInvoiceRules(properties.currencies(), clock, CLOCK_SKEW);
		this.duplicates = new DuplicateRules(properties.sameOrderWindow(), properties.sameAmountWindow());
		this.stripePayments = stripePayments;
		this.stripe = stripe.getIfAvailable(() -> StripeRouting.LOCAL_ONLY);
	}

	/** @return the statuses to publish now; those of invoices pending on Stripe follow from its stage */
	public List<RequestStatus> process(List<CreateInvoice> commands) {
		List<RequestStatus> unrecordable = new ArrayList<>();
		List<CreateInvoice> recordable = new ArrayList<>(commands.size());
		for (CreateInvoice command : commands) {
			List<CreateInvoiceRules.Violation> envelope = this.rules.checkEnvelope(command);
			if (envelope.isEmpty()) {
				recordable.add(command);
			}
			else {
				unrecordable.add(Outcome.rejected(invalidCommand(envelope), this.clock.instant())
					.toStatus(command, CommandIdentity.fingerprint(command)));
			}
		}
		if (recordable.isEmpty()) {
			return unrecordable;
		}
		// Patients another batch holds are not waited for: their commands go to a second transaction,
		// which waits for the locks once the rest is committed.
		Decisions decisions = this.transaction.execute((status) -> decideAndRecord(recordable, false));
		this.stripe.handOff(decisions.heldForStripe());
		if (decisions.deferred().isEmpty() && unrecordable.isEmpty()) {
			return decisions.toPublish();
		}
		List<RequestStatus> statuses = new ArrayList<>(decisions.toPublish());
		if (!decisions.deferred().isEmpty()) {
			Decisions later = this.transaction.execute((status) -> decideAndRecord(decisions.deferred(), true));
			this.stripe.handOff(later.heldForStripe());
			statuses.addAll(later.toPublish());
		}
		statuses.addAll(unrecordable);
		return statuses;
	}

	/**
	 * Records a command the database refused as REJECTED ({@code unprocessable_command}), in its own
	 * transaction, so a redelivery gets the same answer; a key recorded before keeps its outcome.
	 * Says nothing of the refusal's SQL: the status goes to the command's author.
	 */
	public RequestStatus rejectUnprocessable(CreateInvoice command) {
		String fingerprint = CommandIdentity.fingerprint(command);
		Instant now = this.clock.instant();
		return this.transaction.execute((status) -> {
			List<StoredRequest> stored = this.store.findRequests(List.of(command.getClinicId()),
					List.of(command.getIdempotencyKey()));
			if (!stored.isEmpty()) {
				Decided earlier = new Decided(stored.get(0).bodyFingerprint(), Outcome.of(stored.get(0)));
				return answerAgain(earlier, fingerprint, now).toStatus(command, fingerprint);
			}
			Outcome outcome = Outcome.rejected(new Rejection(Rejection.UNPROCESSABLE_COMMAND,
					"The command holds data that cannot be stored (e.g. a control character in a text field)"), now);
			record(List.of(requestRow(command, fingerprint, outcome)), List.of());
			return outcome.toStatus(command, fingerprint);
		});
	}

	/** What a transaction answered, and the commands it left for a later one (their patients were busy). */
	private record Decisions(List<RequestStatus> toPublish, List<RequestStatus> heldForStripe,
			List<CreateInvoice> deferred) {
	}

	private record RequestKey(long clinicId, String idempotencyKey) {

		static RequestKey of(CreateInvoice command) {
			return new RequestKey(command.getClinicId(), command.getIdempotencyKey());
		}

	}

	private record Decided(String bodyFingerprint, Outcome outcome) {
	}

	private record PatientKey(long clinicId, long patientId) {

		static PatientKey of(CreateInvoice command) {
			return new PatientKey(command.getClinicId(), command.getPatientId());
		}

	}

	/** The first command of a key not decided before, checked and priced. */
	private record CheckedCommand(String fingerprint, Checked checked) {
	}

	/** What a command's batch makes of it: an answer, or a new invoice to insert (answered CREATED). */
	private sealed interface Decision {

		Outcome outcome();

	}

	private record Answer(Outcome outcome) implements Decision {
	}

	private record Creation(NewInvoice invoice) implements Decision {

		@Override
		public Outcome outcome() {
			return Outcome.created(this.invoice.summary(), this.invoice.createdAt());
		}

	}

	/**
	 * @param wait whether to wait for patients other transactions hold; if not, their commands are
	 * answered {@link Decisions#deferred()}, decided by nothing here
	 */
	private Decisions decideAndRecord(List<CreateInvoice> batch, boolean wait) {
		List<Long> lockKeys = batch.stream().map(InvoiceBatchProcessor::patientLockKey).toList();
		List<CreateInvoice> commands = batch;
		List<CreateInvoice> deferred = List.of();
		if (wait) {
			this.store.lockPatients(lockKeys);
		}
		else {
			Set<Long> busy = this.store.tryLockPatients(lockKeys);
			if (!busy.isEmpty()) {
				deferred = deferredWith(batch, busy);
				Set<CreateInvoice> later = Collections.newSetFromMap(new IdentityHashMap<>());
				later.addAll(deferred);
				commands = batch.stream().filter((command) -> !later.contains(command)).toList();
				if (commands.isEmpty()) {
					return new Decisions(List.of(), List.of(), deferred);
				}
			}
		}
		Instant now = this.clock.instant();
		Map<RequestKey, Decided> decided = new HashMap<>();
		for (StoredRequest stored : this.store.findRequests(
				commands.stream().map(CreateInvoice::getClinicId).toList(),
				commands.stream().map(CreateInvoice::getIdempotencyKey).toList())) {
			decided.put(new RequestKey(stored.clinicId(), stored.idempotencyKey()),
					new Decided(stored.bodyFingerprint(), Outcome.of(stored)));
		}
		Map<RequestKey, CheckedCommand> checked = check(commands, decided.keySet());
		List<InvoiceDraft> drafts = checked.values().stream().map(CheckedCommand::checked)
			.flatMap((c) -> (c instanceof InvoiceDraft draft) ? Stream.of(draft) : Stream.empty()).toList();
		Map<PatientKey, List<RecentInvoice>> candidates = duplicateCandidates(drafts, now);
		StripePayments.Batch paidOnStripe = this.stripePayments.find(drafts);
		Iterator<Long> invoiceIds = this.store.allocateInvoiceIds(checked.size()).iterator();

		List<RequestStatus> statuses = new ArrayList<>(commands.size());
		List<RequestRow> requestRows = new ArrayList<>(checked.size());
		List<NewInvoice> invoices = new ArrayList<>(checked.size());
		for (CreateInvoice command : commands) {
			RequestKey key = RequestKey.of(command);
			Decided earlier = decided.get(key);
			if (earlier != null) {
				String fingerprint = CommandIdentity.fingerprint(command);
				statuses.add(answerAgain(earlier, fingerprint, now).toStatus(command, fingerprint));
				continue;
			}
			CheckedCommand check = checked.get(key);
			Decision decision = decide(check.checked(), candidates, paidOnStripe, invoiceIds.next(), now);
			if (decision instanceof Creation creation) {
				invoices.add(creation.invoice());
			}
			Outcome outcome = decision.outcome();
			decided.put(key, new Decided(check.fingerprint(), outcome));
			requestRows.add(requestRow(command, check.fingerprint(), outcome));
			statuses.add(outcome.toStatus(command, check.fingerprint()));
		}
		record(requestRows, invoices);
		paidOnStripe.record(now);
		Set<Long> created = invoices.stream().map(NewInvoice::id).collect(Collectors.toSet());
		List<RequestStatus> held = this.stripe.hold(statuses, created);
		Set<String> heldRequests = held.stream().map(RequestStatus::getRequestId).collect(Collectors.toSet());
		return new Decisions(statuses.stream().filter((s) -> !heldRequests.contains(s.getRequestId())).toList(), held,
				deferred);
	}

	/**
	 * The commands of busy patients, with every command of their keys and of those keys' patients, in
	 * batch order: each patient's and each key's commands are then decided in the order they came, in
	 * one transaction, holding the patient's lock.
	 */
	private static List<CreateInvoice> deferredWith(List<CreateInvoice> batch, Set<Long> busyPatients) {
		Set<Long> patients = new HashSet<>(busyPatients);
		Set<RequestKey> keys = new HashSet<>();
		boolean grew = true;
		while (grew) {
			grew = false;
			for (CreateInvoice command : batch) {
				if (patients.contains(patientLockKey(command)) || keys.contains(RequestKey.of(command))) {
					grew |= patients.add(patientLockKey(command));
					grew |= keys.add(RequestKey.of(command));
				}
			}
		}
		return batch.stream().filter((command) -> patients.contains(patientLockKey(command))).toList();
	}

	/** A key decided before: its outcome for the same body, a rejection for another. */
	private static Outcome answerAgain(Decided earlier, String fingerprint, Instant now) {
		return earlier.bodyFingerprint().equals(fingerprint) ? earlier.outcome()
				: Outcome.rejected(new Rejection(Rejection.IDEMPOTENCY_KEY_REUSED,
						"This idempotency key was used before for another request"), now);
	}

	/** Checks and prices the first command of each key not decided before, with the batch's reads. */
	private Map<RequestKey, CheckedCommand> check(List<CreateInvoice> commands, Set<RequestKey> decidedKeys) {
		Map<Long, Long> patients = this.store.findPatientClinics(
				commands.stream().map(CreateInvoice::getPatientId).collect(Collectors.toSet()));
		Map<Long, Product> products = this.store.findProducts(commands.stream()
			.flatMap((c) -> c.getLineItems().stream())
			.map(LineItem::getProductId)
			.filter((id) -> id != null)
			.collect(Collectors.toSet()));
		Map<RequestKey, CheckedCommand> checked = new LinkedHashMap<>();
		for (CreateInvoice command : commands) {
			RequestKey key = RequestKey.of(command);
			if (decidedKeys.contains(key) || checked.containsKey(key)) {
				continue;
			}
			String fingerprint = CommandIdentity.fingerprint(command);
			Checked result = invalid(command, fingerprint).<Checked>map((rejection) -> rejection)
				.orElseGet(() -> InvoicePricing.price(command, patients, products));
			checked.put(key, new CheckedCommand(fingerprint, result));
		}
		return checked;
	}

	private Map<PatientKey, List<RecentInvoice>> duplicateCandidates(List<InvoiceDraft> drafts, Instant now) {
		Map<PatientKey, List<RecentInvoice>> candidates = new HashMap<>();
		if (!drafts.isEmpty()) {
			for (RecentInvoice invoice : this.store.findDuplicateCandidates(drafts, this.duplicates.sameOrderFrom(now),
					this.duplicates.sameAmountFrom(now))) {
				candidates.computeIfAbsent(new PatientKey(invoice.clinicId(), invoice.patientId()),
						(k) -> new ArrayList<>()).add(invoice);
			}
		}
		return candidates;
	}

	/** Adds a new invoice to its patient's candidates, so a later command of the batch can duplicate it. */
	private Decision decide(Checked checked, Map<PatientKey, List<RecentInvoice>> candidates,
			StripePayments.Batch paidOnStripe, long invoiceId, Instant now) {
		if (checked instanceof Rejection rejection) {
			return new Answer(Outcome.rejected(rejection, now));
		}
		InvoiceDraft draft = (InvoiceDraft) checked;
		Optional<InvoiceSummary> paidLocalInvoice = paidOnStripe.pay(draft);
		if (paidLocalInvoice.isPresent()) {
			return new Answer(Outcome.created(paidLocalInvoice.get(), now));
		}
		List<RecentInvoice> samePatient = candidates.computeIfAbsent(PatientKey.of(draft.command()),
				(k) -> new ArrayList<>());
		// The seed's rules catch a second click; a Stripe invoice is one invoice by its id (key stripe:{id}),
		// and a backfill of a patient's equal monthly invoices must not turn them into duplicates.
		Optional<DuplicateRules.Match> duplicate = (draft.command().getStripeInvoiceId() != null) ? Optional.empty()
				: this.duplicates.match(draft, samePatient, now);
		if (duplicate.isPresent()) {
			return new Answer(Outcome.duplicate(duplicate.get(), now));
		}
		NewInvoice invoice = new NewInvoice(invoiceId, draft, now);
		samePatient.add(invoice.asRecent());
		return new Creation(invoice);
	}

	/** The gateway's rules again: a producer writing to the topic directly gets the same checks. */
	private Optional<Rejection> invalid(CreateInvoice command, String fingerprint) {
		List<CreateInvoiceRules.Violation> violations = this.rules.check(command);
		if (!violations.isEmpty()) {
			return Optional.of(invalidCommand(violations));
		}
		if (!fingerprint.equals(command.getBodyFingerprint())) {
			return Optional.of(new Rejection(Rejection.INVALID_COMMAND,
					"bodyFingerprint does not match the command; compute it with CommandIdentity"));
		}
		return Optional.empty();
	}

	private static Rejection invalidCommand(List<CreateInvoiceRules.Violation> violations) {
		return new Rejection(Rejection.INVALID_COMMAND,
				violations.stream().map((v) -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
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

}
