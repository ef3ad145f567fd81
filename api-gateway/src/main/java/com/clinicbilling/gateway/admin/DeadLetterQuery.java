package com.clinicbilling.gateway.admin;

import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which dead letters to list or replay: by request ids, or by failure time range and error code;
 * always within one clinic for the HTTP API, across clinics for the operators' tool.
 *
 * @param clinicId null for every clinic (operators only)
 */
public record DeadLetterQuery(Long clinicId, List<String> requestIds, Instant failedFrom, Instant failedTo,
		String errorCode) {

	public Predicate<DeadLetter> asPredicate() {
		return (letter) -> (this.clinicId == null || this.clinicId.equals(letter.clinicId()))
				&& (this.requestIds == null || this.requestIds.isEmpty() || this.requestIds.contains(letter.requestId()))
				&& (this.failedFrom == null || !letter.failedAt().isBefore(this.failedFrom))
				&& (this.failedTo == null || letter.failedAt().isBefore(this.failedTo))
				&& (this.errorCode == null || this.errorCode.equals(letter.errorCode()));
	}

}
