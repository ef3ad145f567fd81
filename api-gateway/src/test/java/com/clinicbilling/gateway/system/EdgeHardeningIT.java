package com.clinicbilling.gateway.system;

import java.time.Duration;

import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.gateway.RawHttp;
import com.clinicbilling.gateway.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What slow, greedy or malformed clients can do to a running gateway on a real broker. */
class EdgeHardeningIT {

	static final String BODY = """
			{"patientId": 101, "orderId": 5001, "lineItems": [{"productId": 1, "quantity": 2}]}""";

	static final String WRITER = Tokens.forClinic(1, "invoices:write", "invoices:read");

	static EmbeddedKafkaKraftBroker broker;

	static GatewayClient gateway;

	static int port;

	@BeforeAll
	static void start() {
		broker = KafkaTestSupport.startBroker();
		gateway = GatewayClient.start(broker.getBrokersAsString(), "--invoice.gateway.webhook.secret=whsec_test");
		port = gateway.port();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> gateway.get(null, "/actuator/health/readiness").statusCode() == 200);
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		broker.destroy();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\u0085", "\u009f", "\u0080", "\u00e9" })
	void anIdempotencyKeyOutsidePrintableAsciiIs400NamingIt(String oddByte) throws Exception {
		String response = RawHttp.exchange(port, "POST /v1/invoices HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
				+ "Authorization: Bearer " + WRITER + "\r\nContent-Type: application/json\r\n"
				+ "Idempotency-Key: key-" + oddByte + "-1\r\nContent-Length: " + BODY.length() + "\r\n\r\n", BODY);

		assertInvalidHeader(response, "Idempotency-Key");
	}

	@Test
	void aStripeSignatureOutsidePrintableAsciiIs400NamingIt() throws Exception {
		String response = RawHttp.exchange(port, "POST /v1/webhooks/stripe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
				+ "Content-Type: application/json\r\nStripe-Signature: t=1,v1=ab\u0085cd\r\nContent-Length: 2\r\n\r\n",
				"{}");

		assertInvalidHeader(response, "Stripe-Signature");
	}

	@Test
	void anyOtherHeaderWithAControlCharacterIs400NamingIt() throws Exception {
		String response = RawHttp.exchange(port, "GET /v1/invoice-requests/x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
				+ "Authorization: Bearer " + WRITER + "\r\nX-Note: a\u0085b\r\n\r\n", "");

		assertInvalidHeader(response, "X-Note");
	}

	private static void assertInvalidHeader(String response, String header) {
		assertThat(response).startsWith("HTTP/1.1 400 ");
		String body = response.substring(response.indexOf("\r\n\r\n") + 4);
		assertThat(response).containsIgnoringCase("Content-Type: application/problem+json");
		assertThat(body).contains("\"type\":\"https://invoices.example/problems/validation-failed\"")
			.contains("\"field\":\"" + header + "\"");
	}

}
