package com.clinicbilling.gateway.submit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.clinicbilling.gateway.status.RequestStatusStore;
import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.CreateInvoiceRules;
import com.clinicbilling.schemas.CreateInvoiceRules.Violation;
import com.clinicbilling.schemas.RequestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Accepts one invoice request: validate, refuse a key reused with another body, then hand the
 * command to the {@link CommandIntake}.
 *
 * <p>The edge check is an optimisation, not the guarantee: two identical requests racing on two
 * instances can both be published, and the worker, which owns idempotency, makes one invoice of them.
 */
@Service
class InvoiceSubmission {

	private static final Logger log = LoggerFactory.getLogger(InvoiceSubmission.class);

	private final CreateInvoiceRules rules;

	private final RequestStatusStore store;

	private final CommandIntake intake;

	private final Clock clock;

	InvoiceSubmission(CreateInvoiceRules rules, RequestStatusStore store, CommandIntake intake, Clock clock) {
		this.rules = rules;
		this.store = store;
		this.intake = intake;
		this.clock = clock;
	}

	/**
	 * @return completes with the request's status: PENDING when just accepted, or whatever a retry finds
	 * @throws ProblemException when the request breaks a rule, reuses a key or is shed
	 */
	CompletableFuture<RequestStatus> submit(long clinicId, String idempotencyKey, InvoiceRequest request) {
		// Avro keeps milliseconds; truncating here keeps the local copy equal to the one in Kafka.
		Instant acceptedAt = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		CommandDraft draft = CommandDraft.of(request, clinicId, idempotencyKey, acceptedAt);
		List<Violation> violations = draft.violations(this.rules);
		if (!violations.isEmpty()) {
			throw ProblemException.validationFailed(violations);
		}
		CreateInvoice command = draft.command();
		// A retry's owner is itself (same key and body, same fingerprint); only another body is refused.
		Optional<String> owner = this.store.ownerFingerprint(clinicId, command.getIdempotencyKey());
		if (owner.isPresent() && !owner.get().equals(command.getBodyFingerprint())) {
			log.debug("Key reused with another body by clinicId={}", clinicId);
			throw ProblemException.idempotencyKeyReused();
		}
		return this.intake.accept(command);
	}

}
