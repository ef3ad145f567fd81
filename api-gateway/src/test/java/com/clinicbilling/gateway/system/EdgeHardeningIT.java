package com.clinicbilling.gateway.system;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.clinicbilling.gateway.EventStream;
import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.gateway.RawHttp;
import com.clinicbilling.gateway.Tokens;
import com.jayway.jsonpath.JsonPath;
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

	static final String SCRAPE_PASSWORD = "scrape-" + UUID.randomUUID();

	/** More than Tomcat's 200 request threads. */
	static final int SLOW_CONNECTIONS = 250;

	static EmbeddedKafkaKraftBroker broker;

	static GatewayClient gateway;

	static int port;

	@BeforeAll
	static void start() {
		broker = KafkaTestSupport.startBroker();
		// Slow bodies may take as long as they like here, so the test can hold them open while it checks
		// that everybody else is served; the deadline and the minimum rate have their own test.
		gateway = GatewayClient.startReady(broker.getBrokersAsString(), "--invoice.gateway.webhook.secret=whsec_test",
				"--invoice.gateway.body.timeout=30m", "--invoice.gateway.body.min-rate=0B",
				"--server.tomcat.connection-timeout=30m", "--invoice.gateway.push.max-streams-per-clinic=3",
				"--invoice.gateway.push.heartbeat-interval=1s", "--invoice.gateway.metrics.password=" + SCRAPE_PASSWORD);
		port = gateway.port();
	}

	@AfterAll
	static void stop() {
		KafkaTestSupport.stop(broker, gateway);
	}

	/**
	 * More slow bodies than Tomcat has request threads (200): each connection sends a complete head
	 * with a valid token and then a byte of its body now and then. Real submissions and the health
	 * check are answered while every slow connection is still open and still being read.
	 */
	@Test
	void slowBodiesTakeNoThreadFromRealSubmissions() throws Exception {
		List<Socket> slow = new ArrayList<>();
		ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
		try {
			for (int i = 0; i < SLOW_CONNECTIONS; i++) {
				slow.add(RawHttp.open(port, "POST /v1/invoices HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + WRITER
						+ "\r\nContent-Type: application/json\r\nIdempotency-Key: slow-" + i
						+ "\r\nContent-Length: 60000\r\n\r\n"));
			}
			trickle.scheduleWithFixedDelay(() -> slow.forEach((socket) -> {
				try {
					socket.getOutputStream().write(' ');
					socket.getOutputStream().flush();
				}
				catch (IOException ex) {
					// Seen below: a socket the gateway closed is not waiting any more.
				}
			}), 0, 500, TimeUnit.MILLISECONDS);

			for (int i = 0; i < 5; i++) {
				HttpResponse<String> real = gateway.submit(WRITER, "real-" + UUID.randomUUID(), BODY);
				assertThat(real.statusCode()).isEqualTo(202);
			}
			HttpResponse<String> health = gateway.get(null, "/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"");

			assertThat(slow).allMatch(EdgeHardeningIT::stillWaiting);
		}
		finally {
			trickle.shutdownNow();
			for (Socket socket : slow) {
				socket.close();
			}
		}
	}

	/** A slow body without a valid token is refused at once and its connection closed, its body unread. */
	@Test
	void aRefusedRequestsBodyIsNotReadTheConnectionIsClosed() throws Exception {
		try (Socket socket = RawHttp.open(port, "POST /v1/invoices HTTP/1.1\r\nHost: x\r\n"
				+ "Content-Type: application/json\r\nIdempotency-Key: k\r\nContent-Length: 60000\r\n\r\n{")) {
			socket.setSoTimeout(30_000);

			String response = readToEnd(socket);

			assertThat(response).startsWith("HTTP/1.1 401 ").containsIgnoringCase("Connection: close");
			assertThat(response).contains("\"type\":\"https://invoices.example/problems/unauthorized\"");
		}
	}

	/**
	 * A body sent in two writes, the first with the head, is read whole, whether the second arrives
	 * before the gateway looks (read in the first dispatch) or after (the rest read with a listener,
	 * after the part already there): a retry with the same key and the whole body is the same request.
	 */
	@Test
	void aBodyArrivingInTwoPartsIsReadWhole() throws Exception {
		String key = "parts-" + UUID.randomUUID();
		int half = BODY.length() / 2;
		String response;
		try (Socket socket = RawHttp.open(port, "POST /v1/invoices HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
				+ "Authorization: Bearer " + WRITER + "\r\nContent-Type: application/json\r\nIdempotency-Key: " + key
				+ "\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY.substring(0, half))) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream().write(BODY.substring(half).getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			response = readToEnd(socket);
		}

		HttpResponse<String> retry = gateway.submit(WRITER, key, BODY);

		assertThat(response).startsWith("HTTP/1.1 202 ");
		assertThat(retry.statusCode()).isEqualTo(202);
		assertThat(response).contains((String) JsonPath.read(retry.body(), "$.requestId"));
	}

	@Test
	void aBodyThatMissesItsDeadlineOrTricklesIs408AndTheConnectionClosed() throws Exception {
		try (GatewayClient strict = GatewayClient.start(broker.getBrokersAsString(), "--invoice.gateway.body.timeout=10s",
				"--invoice.gateway.body.grace-time=1s", "--invoice.gateway.body.min-rate=1KB",
				"--server.tomcat.connection-timeout=5m")) {
			String head = "POST /v1/invoices HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + WRITER
					+ "\r\nContent-Type: application/json\r\nIdempotency-Key: k\r\nContent-Length: 60000\r\n\r\n{";
			try (Socket silent = RawHttp.open(strict.port(), head); Socket trickling = RawHttp.open(strict.port(), head)) {
				silent.setSoTimeout(60_000);
				trickling.setSoTimeout(200);
				StringBuilder trickled = new StringBuilder();
				while (!trickled.toString().contains("\r\n\r\n")) {
					trickling.getOutputStream().write(' ');
					trickled.append(readAvailable(trickling));
				}
				trickling.setSoTimeout(60_000);
				String tooSlow = trickled + readToEnd(trickling);
				String late = readToEnd(silent);

				assertThat(tooSlow).startsWith("HTTP/1.1 408 ").contains("problems/body-too-slow").contains("slower than");
				assertThat(late).startsWith("HTTP/1.1 408 ").contains("problems/body-too-slow").contains("within 10 s");
			}
		}
	}

	@Test
	void eventStreamsAreCappedPerClinicAndTheCapFreesUpWhenOneCloses() throws Exception {
		String requestId = JsonPath.read(gateway.submit(WRITER, "stream-" + UUID.randomUUID(), BODY).body(), "$.requestId");
		String otherClinic = Tokens.forClinic(2, "invoices:write", "invoices:read");
		String otherRequestId = JsonPath.read(gateway.submit(otherClinic, "stream-" + UUID.randomUUID(), BODY).body(),
				"$.requestId");
		String events = "/v1/invoice-requests/" + requestId + "/events";
		List<EventStream> open = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				open.add(gateway.events(WRITER, events));
				assertThat(answered(open.get(i))).isEqualTo(200);
			}

			HttpResponse<String> refused = gateway.get(WRITER, events);
			EventStream otherClinics = gateway.events(otherClinic, "/v1/invoice-requests/" + otherRequestId + "/events");
			open.add(otherClinics);

			assertThat(refused.statusCode()).isEqualTo(429);
			assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying((s) -> assertThat(Long.parseLong(s)).isPositive());
			assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying((s) -> assertThat(s).startsWith("application/problem+json"));
			assertThat((String) JsonPath.read(refused.body(), "$.type")).isEqualTo("https://invoices.example/problems/too-many-streams");
			assertThat(answered(otherClinics)).isEqualTo(200);
			assertThat(gateway.submit(WRITER, "after-cap-" + UUID.randomUUID(), BODY).statusCode()).isEqualTo(202);

			open.remove(0).close();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				EventStream again = gateway.events(WRITER, events);
				if (answered(again) == 200) {
					open.add(again);
					return true;
				}
				again.close();
				return false;
			});
		}
		finally {
			open.forEach(EventStream::close);
		}
	}

	private static int answered(EventStream stream) {
		return await().atMost(Duration.ofSeconds(30)).until(stream::statusCode, (status) -> status != 0);
	}

	@Test
	void prometheusNeedsTheScrapeCredentialNotAUserTokenWhileHealthStaysOpen() {
		HttpResponse<String> anonymous = gateway.get(null, "/actuator/prometheus");
		HttpResponse<String> clinicAdmin = gateway.get(Tokens.forClinic(1, "invoices:admin", "invoices:read"),
				"/actuator/prometheus");
		HttpResponse<String> wrongPassword = gateway.scrape("prometheus", "guess");
		HttpResponse<String> scraper = gateway.scrape("prometheus", SCRAPE_PASSWORD);
		HttpResponse<String> otherActuator = gateway.get(null, "/actuator/env");

		assertThat(List.of(anonymous, clinicAdmin, wrongPassword)).allSatisfy((response) -> {
			assertThat(response.statusCode()).isEqualTo(401);
			assertThat(response.body()).doesNotContain("jvm_memory_used_bytes");
		});
		assertThat(otherActuator.statusCode()).isIn(401, 404);
		assertThat(scraper.statusCode()).isEqualTo(200);
		assertThat(scraper.body()).contains("jvm_memory_used_bytes").contains("invoice_commands_submitted_total");
		assertThat(gateway.get(null, "/actuator/health").statusCode()).isEqualTo(200);
		assertThat(gateway.get(null, "/actuator/health/readiness").statusCode()).isEqualTo(200);
	}

	/** The runbook's "Gateway readiness down" and "Partition stalled" read these details with the scrape credential. */
	@Test
	void showsHealthDetailsToTheScrapeCredentialOnlyAndComponentsToEveryone() {
		HttpResponse<String> anonymous = gateway.get(null, "/actuator/health");
		HttpResponse<String> scraper = gateway.getWithScrapeCredential("/actuator/health", "prometheus", SCRAPE_PASSWORD);

		assertThat(anonymous.statusCode()).isEqualTo(200);
		assertThat((String) JsonPath.read(anonymous.body(), "$.components.statusStore.status")).isEqualTo("UP");
		assertThat(anonymous.body()).doesNotContain("\"details\"", "caughtUp", "kafkaReachable", "stalledPartitions");
		assertThat(scraper.statusCode()).isEqualTo(200);
		assertThat((Boolean) JsonPath.read(scraper.body(), "$.components.statusStore.details.caughtUp")).isTrue();
		assertThat((Object) JsonPath.read(scraper.body(), "$.components.pipeline.details.stalledPartitions")).isNotNull();
	}

	/** Open, nothing answered: the gateway neither wrote to nor closed the connection. */
	private static boolean stillWaiting(Socket socket) {
		try {
			socket.setSoTimeout(1);
			socket.getInputStream().read();
			// A byte (an answer) or the end of the stream (closed): either way, not waiting any more.
			return false;
		}
		catch (SocketTimeoutException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static String readAvailable(Socket socket) throws IOException {
		byte[] buffer = new byte[8192];
		try {
			int n = socket.getInputStream().read(buffer);
			return (n > 0) ? new String(buffer, 0, n, StandardCharsets.ISO_8859_1) : "";
		}
		catch (SocketTimeoutException ex) {
			return "";
		}
	}

	private static String readToEnd(Socket socket) throws IOException {
		return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
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
