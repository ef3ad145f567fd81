package com.clinicbilling.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client of the running stack over HTTP, as a user's program would be. */
final class StackClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final String token;

	StackClient(int port, String token) {
		this.baseUrl = "http://127.0.0.1:" + port;
		this.token = token;
	}

	record Answer(int status, JsonNode body) {
	}

	Answer submit(String idempotencyKey, String body) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/v1/invoices"))
			.header("Authorization", "Bearer " + this.token)
			.header("Content-Type", "application/json")
			.header("Idempotency-Key", idempotencyKey)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build());
	}

	Answer status(String requestId) {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/v1/invoice-requests/" + requestId))
			.header("Authorization", "Bearer " + this.token)
			.build());
	}

	Answer health() {
		return send(HttpRequest.newBuilder(URI.create(this.baseUrl + "/actuator/health")).build());
	}

	/** A body no other submission of a test shares an amount with, so no duplicate rule applies. */
	static String invoiceBody(long patientId, long unitAmount) {
		return """
				{"patientId": %d, "currency": "usd",
				 "lineItems": [{"description": "Visit", "unitAmount": %d, "quantity": 1}]}
				""".formatted(patientId, unitAmount);
	}

	private Answer send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			JsonNode body = response.body().isEmpty() ? null : json.readTree(response.body());
			return new Answer(response.statusCode(), body);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
