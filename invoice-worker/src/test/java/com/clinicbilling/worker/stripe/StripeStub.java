package com.clinicbilling.worker.stripe;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * WireMock standing in for Stripe's API, shared by the tests of one JVM. Its answers are built from
 * the request, so every test gets its own ids: a customer {@code cus_<idempotency key>}, an invoice
 * {@code in_<idempotency key of its creation>}, e.g. {@code in_inv-1000010-7-create}. A test changes
 * the answers for its own clinic only, by matching the clinic id in the idempotency keys
 * ({@code cus-{clinic}-...}, {@code inv-{clinic}-...}) or in invoice ids.
 */
final class StripeStub {

	static final int DEFAULTS = 10;

	static final int OVERRIDE = 1;

	private static final String INVOICE = """
			{"id": "%s", "object": "invoice", "status": "%s", "currency": "usd", "livemode": false,
			 "lines": {"object": "list", "data": [%s], "has_more": false, "url": "/v1/invoices/x/lines"}}""";

	private static final String LINE = """
			{"id": "il_1", "object": "line_item", "amount": 1000, "currency": "usd", "description": "Visit", "quantity": 1}""";

	final WireMockServer server;

	private final Gate gate;

	private StripeStub(WireMockServer server, Gate gate) {
		this.server = server;
		this.gate = gate;
	}

	static StripeStub start() {
		Gate gate = new Gate();
		WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(gate));
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		StripeStub stub = new StripeStub(server, gate);
		stub.stubDefaults();
		return stub;
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.port();
	}

	/** Stripe as it answers when all is well: every write succeeds, a retrieved draft has its lines. */
	private void stubDefaults() {
		this.server.stubFor(post(urlEqualTo("/v1/customers")).atPriority(DEFAULTS)
			.willReturn(json("""
					{"id": "cus_{{request.headers.[Idempotency-Key]}}", "object": "customer", "livemode": false}""")));
		this.server.stubFor(post(urlEqualTo("/v1/invoices")).atPriority(DEFAULTS)
			.willReturn(json(INVOICE.formatted("in_{{request.headers.[Idempotency-Key]}}", "draft", ""))));
		this.server.stubFor(post(urlPathMatching("/v1/invoices/[^/]+/add_lines")).atPriority(DEFAULTS)
			.willReturn(json(INVOICE.formatted("{{request.pathSegments.[2]}}", "draft", LINE))));
		this.server.stubFor(post(urlPathMatching("/v1/invoices/[^/]+/finalize")).atPriority(DEFAULTS)
			.willReturn(json(INVOICE.formatted("{{request.pathSegments.[2]}}", "open", LINE))));
		this.server.stubFor(get(urlPathMatching("/v1/invoices/in_[^/]+")).atPriority(DEFAULTS)
			.willReturn(json(INVOICE.formatted("{{request.pathSegments.[2]}}", "draft", LINE))));
	}

	/** Stripe's answer to a creation step of this clinic's invoices: customer, create, lines, finalize. */
	void answer(long clinicId, String step, ResponseDefinitionBuilder response) {
		this.server.stubFor(step(clinicId, step).atPriority(OVERRIDE).willReturn(response));
	}

	/** The first {@code step} of this clinic's invoices gets {@code first}, later ones Stripe's usual answer. */
	void answerOnce(long clinicId, String step, ResponseDefinitionBuilder first) {
		this.server.stubFor(step(clinicId, step).atPriority(OVERRIDE)
			.inScenario(step + "-" + clinicId)
			.whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
			.willSetStateTo("answered")
			.willReturn(first));
	}

	/** Every step of this clinic's invoices answered only after a delay. */
	void slowDown(long clinicId, int millis) {
		this.server.stubFor(post(urlEqualTo("/v1/customers")).atPriority(OVERRIDE)
			.withHeader("Idempotency-Key", matching("cus-" + clinicId + "-.*"))
			.willReturn(json("""
					{"id": "cus_{{request.headers.[Idempotency-Key]}}", "object": "customer", "livemode": false}""")
				.withFixedDelay(millis)));
		this.server.stubFor(step(clinicId, "create").atPriority(OVERRIDE)
			.willReturn(json(INVOICE.formatted("in_{{request.headers.[Idempotency-Key]}}", "draft", ""))
				.withFixedDelay(millis)));
		this.server.stubFor(step(clinicId, "lines").atPriority(OVERRIDE)
			.willReturn(json(INVOICE.formatted("{{request.pathSegments.[2]}}", "draft", LINE)).withFixedDelay(millis)));
		this.server.stubFor(step(clinicId, "finalize").atPriority(OVERRIDE)
			.willReturn(json(INVOICE.formatted("{{request.pathSegments.[2]}}", "open", LINE)).withFixedDelay(millis)));
	}

	/**
	 * This clinic's invoices are paid as Stripe finalizes them (the customer's default payment method
	 * charged at once), so {@code invoice.paid} is sent while the worker waits for that answer.
	 */
	void payOnFinalization(long clinicId) {
		answer(clinicId, "finalize", json(INVOICE.formatted("{{request.pathSegments.[2]}}", "paid", LINE)));
	}

	/**
	 * As {@link #payOnFinalization}, and the answers stay on their way until {@link #releaseFinalization}:
	 * the worker cannot reach its phase 2 before. One held clinic at a time.
	 */
	void payOnFinalizationHeld(long clinicId) {
		this.gate.close();
		answer(clinicId, "finalize", json(INVOICE.formatted("{{request.pathSegments.[2]}}", "paid", LINE))
			.withTransformers("response-template", Gate.NAME));
	}

	void releaseFinalization() {
		this.gate.open();
	}

	/** Whether a held answer waits; WireMock lists a request only once it is answered. */
	boolean holdsAFinalization() {
		return this.gate.holding.get() > 0;
	}

	/** Holds the answers of the stubs that name it while it is closed. */
	private static final class Gate implements ResponseTransformerV2 {

		static final String NAME = "gate";

		private volatile CountDownLatch open = new CountDownLatch(0);

		private final AtomicInteger holding = new AtomicInteger();

		void close() {
			this.open = new CountDownLatch(1);
		}

		void open() {
			this.open.countDown();
		}

		@Override
		public Response transform(Response response, ServeEvent serveEvent) {
			this.holding.incrementAndGet();
			try {
				this.open.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.holding.decrementAndGet();
			}
			return response;
		}

		@Override
		public boolean applyGlobally() {
			return false;
		}

		@Override
		public String getName() {
			return NAME;
		}

	}

	private static MappingBuilder step(long clinicId, String step) {
		MappingBuilder request = switch (step) {
			case "customer" -> post(urlEqualTo("/v1/customers"));
			case "create" -> post(urlEqualTo("/v1/invoices"));
			case "lines" -> post(urlPathMatching("/v1/invoices/[^/]+/add_lines"));
			case "finalize" -> post(urlPathMatching("/v1/invoices/[^/]+/finalize"));
			default -> throw new IllegalArgumentException(step);
		};
		String key = step.equals("customer") ? "cus-" + clinicId + "-.*" : "inv-" + clinicId + "-.*-" + step;
		return request.withHeader("Idempotency-Key", matching(key));
	}

	/** The requests made to create this clinic's invoices, of one step. */
	List<LoggedRequest> requests(long clinicId, String step) {
		String key = step.equals("customer") ? "cus-" + clinicId + "-.*" : "inv-" + clinicId + "-.*-" + step;
		String path = switch (step) {
			case "customer" -> "/v1/customers";
			case "create" -> "/v1/invoices";
			case "lines" -> "/v1/invoices/[^/]+/add_lines";
			case "finalize" -> "/v1/invoices/[^/]+/finalize";
			default -> throw new IllegalArgumentException(step);
		};
		return this.server.findAll(postRequestedFor(urlPathMatching(path)).withHeader("Idempotency-Key", matching(key)));
	}

	/** Retrievals of this clinic's invoices (a resumed creation looks at its draft first). */
	List<LoggedRequest> retrievals(long clinicId) {
		return this.server.findAll(getRequestedFor(urlPathMatching("/v1/invoices/in_inv-" + clinicId + "-.*")));
	}

	/** Every request this clinic's invoices made to Stripe. */
	int requestCount(long clinicId) {
		return requests(clinicId, "customer").size() + requests(clinicId, "create").size()
				+ requests(clinicId, "lines").size() + requests(clinicId, "finalize").size() + retrievals(clinicId).size();
	}

	static ResponseDefinitionBuilder json(String body) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(body)
			.withTransformers("response-template");
	}

	/** A Stripe error answer, as Stripe shapes it. */
	static ResponseDefinitionBuilder error(int status, String type, String code, String message) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"error": {"type": "%s", "code": "%s", "message": "%s"}}""".formatted(type, code, message));
	}

}
