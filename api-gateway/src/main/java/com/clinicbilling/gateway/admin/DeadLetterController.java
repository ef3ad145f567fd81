package com.clinicbilling.gateway.admin;

import java.time.Instant;
import java.util.List;

import com.clinicbilling.gateway.security.ClinicPrincipal;
import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.schemas.CreateInvoiceRules.Violation;
import com.fasterxml.jackson.annotation.JsonInclude;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The contract's dead-letter API (scope {@code invoices:admin}), always within the caller's clinic. */
@RestController
@RequestMapping("/v1/admin/dead-letters")
class DeadLetterController {

	private static final int MAX_LIMIT = 500;

	private final DeadLetterLog log;

	private final DeadLetterReplay replay;

	DeadLetterController(DeadLetterLog log, DeadLetterReplay replay) {
		this.log = log;
		this.replay = replay;
	}

	/** @param error a sentence for people about {@code errorCode}; never an exception's text */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Item(String id, String requestId, String idempotencyKey, String errorCode, String error, Instant failedAt,
			int attempts) {

		static Item of(DeadLetter letter) {
			return new Item(letter.id(), letter.requestId(), letter.idempotencyKey(), letter.errorCode(),
					DeadLetterErrors.message(letter.errorCode()), letter.failedAt(), letter.attempts());
		}

	}

	/** @param next the {@code after} of the following page; null on the last one */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Page(List<Item> items, String next) {
	}

	@GetMapping
	Page list(@RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) String after,
			@AuthenticationPrincipal Jwt jwt) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw ProblemException.validationFailed(List.of(new Violation("limit", "must be between 1 and " + MAX_LIMIT)));
		}
		List<DeadLetter> newestFirst = this.log
			.find(new DeadLetterQuery(ClinicPrincipal.clinicId(jwt), null, null, null, null).asPredicate());
		int start = 0;
		if (after != null) {
			start = newestFirst.stream().map(DeadLetter::id).toList().indexOf(after) + 1;
			if (start == 0) {
				throw ProblemException.validationFailed(List.of(new Violation("after", "is not a dead letter of this clinic")));
			}
		}
		List<DeadLetter> page = newestFirst.subList(start, Math.min(newestFirst.size(), start + limit));
		String next = (start + limit < newestFirst.size()) ? page.get(page.size() - 1).id() : null;
		return new Page(page.stream().map(Item::of).toList(), next);
	}

	record ReplayRequest(List<String> requestIds, Instant failedFrom, Instant failedTo, String errorCode,
			Boolean dryRun) {
	}

	@PostMapping("/replay")
	DeadLetterReplay.Result replay(@RequestBody ReplayRequest request, @AuthenticationPrincipal Jwt jwt) {
		boolean byIds = request.requestIds() != null && !request.requestIds().isEmpty();
		boolean byRange = request.failedFrom() != null || request.failedTo() != null || request.errorCode() != null;
		if (byIds == byRange) {
			throw ProblemException.validationFailed(List.of(new Violation("requestIds",
					"give either requestIds or a selection by failedFrom, failedTo and errorCode")));
		}
		DeadLetterQuery query = new DeadLetterQuery(ClinicPrincipal.clinicId(jwt), request.requestIds(),
				request.failedFrom(), request.failedTo(), request.errorCode());
		return this.replay.replay(query, Boolean.TRUE.equals(request.dryRun()));
	}

}
