package com.clinicbilling.gateway;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The check the integration tests rely on fails where code and document disagree. */
class ApiContractTest {

	private static final URI SUBMIT = URI.create("http://127.0.0.1:8080/v1/invoices");

	private static final Map<String, List<String>> HEADERS = Map.of("Authorization", List.of("Bearer x.y.z"),
			"Content-Type", List.of("application/json"), "Idempotency-Key", List.of("key-1"));

	private static final String BODY = """
			{"patientId": 101, "lineItems": [{"productId": 1, "quantity": 2}]}""";

	private static final String REQUEST_ID = "68de876c-7c8b-5881-8636-6a675bcc487f";

	private static final String ACCEPTED = """
			{"requestId": "%s", "status": "PENDING", "statusUrl": "/v1/invoice-requests/%s",
			 "eventsUrl": "/v1/invoice-requests/%s/events"}""".formatted(REQUEST_ID, REQUEST_ID, REQUEST_ID);

	private static final Map<String, List<String>> ACCEPTED_HEADERS = Map.of("Content-Type",
			List.of("application/json"), "Location", List.of("/v1/invoice-requests/" + REQUEST_ID), "Retry-After",
			List.of("1"));

	@Test
	void acceptsTheDocumentedExchange() {
		assertThatCode(() -> ApiContract.check("POST", SUBMIT, HEADERS, BODY, 202, ACCEPTED_HEADERS, ACCEPTED))
			.doesNotThrowAnyException();
	}

	@Test
	void failsOnARenamedFieldInAnAnswer() {
		assertThatThrownBy(() -> ApiContract.check("POST", SUBMIT, HEADERS, BODY, 202, ACCEPTED_HEADERS,
				ACCEPTED.replace("statusUrl", "statusLink")))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("statusLink");
	}

	@Test
	void failsOnAnUndocumentedAnswerCode() {
		assertThatThrownBy(() -> ApiContract.check("POST", SUBMIT, HEADERS, BODY, 201, ACCEPTED_HEADERS, ACCEPTED))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("201");
	}

	@Test
	void failsWhenARequestTheDocumentForbidsIsAccepted() {
		assertThatThrownBy(() -> ApiContract.check("POST", SUBMIT, HEADERS, BODY.replace("101", "0"), 202,
				ACCEPTED_HEADERS, ACCEPTED))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("does not allow");
	}

	@Test
	void failsOnAnUndocumentedEndpointThatAnswers() {
		assertThatThrownBy(() -> ApiContract.check("GET", URI.create("http://127.0.0.1:8080/v1/invoices/1"),
				HEADERS, null, 200, Map.of("Content-Type", List.of("application/json")), "{}"))
			.isInstanceOf(AssertionError.class);
	}

	@Test
	void letsAForbiddenRequestBeRefusedAsDocumented() {
		String problem = """
				{"type": "https://invoices.example/problems/validation-failed", "title": "Validation failed",
				 "status": 400, "detail": "see errors", "errors": [{"field": "patientId", "message": "must be positive"}]}""";
		assertThatCode(() -> ApiContract.check("POST", SUBMIT, HEADERS, BODY.replace("101", "0"), 400,
				Map.of("Content-Type", List.of("application/problem+json")), problem))
			.doesNotThrowAnyException();
	}

	@Test
	void failsOnAnUndocumentedProblemType() {
		String problem = """
				{"type": "https://invoices.example/problems/something-new", "title": "New", "status": 400,
				 "detail": "x", "errors": []}""";
		assertThatThrownBy(() -> ApiContract.check("POST", SUBMIT, HEADERS, BODY, 400,
				Map.of("Content-Type", List.of("application/problem+json")), problem))
			.isInstanceOf(AssertionError.class);
	}

	@Test
	void checksTheStatusInEveryEvent() {
		assertThatCode(() -> ApiContract.checkStatusEvent(REQUEST_ID,
				"{\"requestId\":\"" + REQUEST_ID + "\",\"status\":\"PENDING\",\"acceptedAt\":\"2026-03-01T12:00:00Z\"}"))
			.doesNotThrowAnyException();
		assertThatThrownBy(() -> ApiContract.checkStatusEvent(REQUEST_ID,
				"{\"requestId\":\"" + REQUEST_ID + "\",\"state\":\"PENDING\",\"acceptedAt\":\"2026-03-01T12:00:00Z\"}"))
			.isInstanceOf(AssertionError.class);
	}

}
