package com.clinicbilling.gateway.status;

import com.clinicbilling.gateway.pipeline.LaneBacklog;
import com.clinicbilling.gateway.security.ClinicPrincipal;
import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Status reads, answered from the local status store only: no database, no call to Kafka. */
@RestController
class StatusController {

	private final RequestStatusStore store;

	private final ObjectProvider<LaneBacklog> lanes;

	StatusController(RequestStatusStore store, ObjectProvider<LaneBacklog> lanes) {
		this.store = store;
		this.lanes = lanes;
	}

	@GetMapping("/v1/invoice-requests/{requestId}")
	ResponseEntity<StatusView> status(@PathVariable String requestId, @AuthenticationPrincipal Jwt jwt) {
		long clinicId = ClinicPrincipal.clinicId(jwt);
		// Another clinic's request answers exactly like an unknown one, so ids leak nothing.
		RequestStatus status = this.store.find(requestId)
			.filter((found) -> found.getClinicId() == clinicId)
			.orElseThrow(() -> unknown(this.store, requestId, clinicId));
		ResponseEntity.BodyBuilder response = ResponseEntity.ok();
		if (status.getState() == RequestState.PENDING) {
			// A status does not name its lane; those polled are a person's, in the interactive lane.
			LaneBacklog lanes = this.lanes.getIfAvailable();
			long wait = (lanes != null) ? lanes.retryAfterSeconds(Topics.COMMANDS) : 1;
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(wait));
		}
		return response.body(StatusView.of(status));
	}

	/** The answer for a request without a status to show: gone when the store knows it expired. */
	static ProblemException unknown(RequestStatusStore store, String requestId, long clinicId) {
		return store.isGone(requestId, clinicId) ? ProblemException.requestGone() : ProblemException.requestUnknown();
	}

}
