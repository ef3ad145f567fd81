package com.clinicbilling.worker.invoice;

import java.time.Instant;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;

/** What became of a command: CREATED or DUPLICATE with an invoice, or REJECTED with a reason. */
record Outcome(RequestState state, InvoiceSummary invoice, String duplicateRule, Rejection rejection,
		Instant completedAt) {

	static Outcome created(InvoiceSummary invoice, Instant at) {
		return new Outcome(RequestState.CREATED, invoice, null, null, at);
	}

	static Outcome duplicate(DuplicateRules.Match match, Instant at) {
		return new Outcome(RequestState.DUPLICATE, match.existing().summary(), match.rule(), null, at);
	}

	static Outcome rejected(Rejection rejection, Instant at) {
		return new Outcome(RequestState.REJECTED, null, null, rejection, at);
	}

	static Outcome of(StoredRequest stored) {
		Rejection rejection = (stored.errorCode() != null) ? new Rejection(stored.errorCode(), stored.errorMessage())
				: null;
		return new Outcome(stored.outcome(), stored.invoice(), stored.duplicateRule(), rejection,
				stored.completedAt());
	}

	RequestStatus toStatus(CreateInvoice command, String bodyFingerprint) {
		return RequestStatus.newBuilder()
			.setRequestId(command.getRequestId())
			.setClinicId(command.getClinicId())
			.setIdempotencyKey(command.getIdempotencyKey())
			.setBodyFingerprint(bodyFingerprint)
			.setState(this.state)
			.setAcceptedAt(command.getAcceptedAt())
			.setCompletedAt(this.completedAt)
			.setInvoice(this.invoice)
			.setDuplicateRule(this.duplicateRule)
			.setErrorCode((this.rejection != null) ? this.rejection.code() : null)
			.setErrorMessage((this.rejection != null) ? this.rejection.message() : null)
			.build();
	}

}
