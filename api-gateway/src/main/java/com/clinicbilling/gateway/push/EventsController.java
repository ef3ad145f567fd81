package com.clinicbilling.gateway.push;

import com.clinicbilling.gateway.security.ClinicPrincipal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code text/event-stream} of one request's status, for clients that would rather be told than
 * poll. Each event is {@code event: status} with the JSON of {@code GET /v1/invoice-requests/{id}}.
 * No {@code produces} condition: a client that sends no {@code Accept} gets the stream too, and a 404
 * is still written as problem+json. Every event has an id; a client that reconnects with
 * {@code Last-Event-ID} (an EventSource does it by itself) gets only what it has not had.
 */
@RestController
class EventsController {

	private final StatusStreams streams;

	EventsController(StatusStreams streams) {
		this.streams = streams;
	}

	static final String LAST_EVENT_ID = "Last-Event-ID";

	@GetMapping("/v1/invoice-requests/{requestId}/events")
	SseEmitter events(@PathVariable String requestId, @AuthenticationPrincipal Jwt jwt,
			@RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId) {
		return this.streams.open(requestId, ClinicPrincipal.clinicId(jwt), lastEventId);
	}

	/** Every status change of the caller's clinic's requests: for a page that follows many. */
	@GetMapping("/v1/invoice-requests/events")
	SseEmitter clinicEvents(@AuthenticationPrincipal Jwt jwt,
			@RequestHeader(name = LAST_EVENT_ID, required = false) String lastEventId) {
		return this.streams.openClinic(ClinicPrincipal.clinicId(jwt), lastEventId);
	}

}
