package com.clinicbilling.gateway.submit;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import com.clinicbilling.gateway.pipeline.LaneBacklog;
import com.clinicbilling.gateway.security.ClinicPrincipal;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

@RestController
class SubmitController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final InvoiceSubmission submission;

	private final ObjectProvider<LaneBacklog> lanes;

	SubmitController(InvoiceSubmission submission, ObjectProvider<LaneBacklog> lanes) {
		this.submission = submission;
		this.lanes = lanes;
	}

	/**
	 * 202 once Kafka holds the command (completed on the producer's callback). The key header is optional here only so that its absence is
	 * reported like every other broken rule, as a 400 naming the field.
	 */
	@PostMapping(path = "/v1/invoices", consumes = MediaType.APPLICATION_JSON_VALUE)
	CompletableFuture<ResponseEntity<Accepted>> submit(
			@RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
			@RequestBody InvoiceRequest request, @AuthenticationPrincipal Jwt jwt) {
		// Asynchronous: no request thread waits while Kafka acknowledges.
		return this.submission.submit(ClinicPrincipal.clinicId(jwt), idempotencyKey, request)
			.thenApply(this::accepted);
	}

	private ResponseEntity<Accepted> accepted(RequestStatus status) {
		String statusUrl = "/v1/invoice-requests/" + status.getRequestId();
		ResponseEntity.BodyBuilder response = ResponseEntity.accepted().location(URI.create(statusUrl));
		if (status.getState() == RequestState.PENDING) {
			// The expected wait in the interactive lane, where every API submission goes.
			LaneBacklog lanes = this.lanes.getIfAvailable();
			long wait = (lanes != null) ? lanes.retryAfterSeconds(Topics.COMMANDS) : 1;
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(wait));
		}
		return response
			.body(new Accepted(status.getRequestId(), status.getState().name(), statusUrl, statusUrl + "/events"));
	}

	record Accepted(String requestId, String status, String statusUrl, String eventsUrl) {
	}

}
