package com.clinicbilling.gateway.submit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.clinicbilling.gateway.ApiContract;
import com.clinicbilling.gateway.Tokens;
import com.clinicbilling.gateway.security.SecurityConfiguration;
import com.clinicbilling.gateway.status.RequestStatusStore;
import com.clinicbilling.gateway.system.SystemConfiguration;
import com.clinicbilling.schemas.CreateInvoice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static com.clinicbilling.gateway.TestRequests.PROBLEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every way a submit can be refused before anything reaches Kafka. The publisher is the only bean
 * replaced; whatever it captures was "published".
 */
@WebMvcTest(controllers = SubmitController.class, properties = Tokens.SECRET_PROPERTY)
@Import({ SecurityConfiguration.class, SystemConfiguration.class, SubmitConfiguration.class, InvoiceSubmission.class, CommandIntake.class,
		RequestStatusStore.class, InvoiceRequestValidationTest.Capture.class })
class InvoiceRequestValidationTest {

	static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final String VALID = """
			{"patientId": 101, "orderId": 5001, "currency": "usd",
			 "lineItems": [{"productId": 1, "quantity": 2},
			               {"description": "Consultation", "unitAmount": 5000, "quantity": 1}],
			 "memo": "thanks",
			 "paidExternally": {"method": "CASH", "reference": "r-1", "paidAt": "2026-03-01T11:00:00Z"}}""";

	private static final String TOKEN = Tokens.forClinic(1, "invoices:write");

	@Autowired
	MockMvc mvc;

	@Autowired
	List<CreateInvoice> published;

	@BeforeEach
	void nothingPublishedYet() {
		this.published.clear();
	}

	static Stream<Arguments> badRequests() {
		return Stream.of(
				bad("malformed JSON", "{\"patientId\": 101,", "malformed-body", "body"),
				bad("unknown field", VALID.replace("\"memo\"", "\"colour\": \"red\", \"memo\""), "malformed-body",
						"colour"),
				bad("clinic in the body (it comes from the token)",
						VALID.replace("\"patientId\": 101,", "\"clinicId\": 2, \"patientId\": 101,"), "malformed-body",
						"clinicId"),
				bad("unknown field in a line", VALID.replace("\"productId\": 1,", "\"productId\": 1, \"tax\": 3,"),
						"malformed-body", "lineItems[0].tax"),
				bad("text for a number", VALID.replace("\"patientId\": 101", "\"patientId\": \"abc\""), "malformed-body",
						"patientId"),
				bad("quoted number", VALID.replace("\"patientId\": 101", "\"patientId\": \"101\""), "malformed-body",
						"patientId"),
				bad("fraction for an integer", VALID.replace("\"quantity\": 2", "\"quantity\": 1.5"), "malformed-body",
						"lineItems[0].quantity"),
				bad("object for a list", "{\"patientId\": 101, \"lineItems\": {}}", "malformed-body", "lineItems"),
				bad("missing patientId", VALID.replace("\"patientId\": 101,", ""), "validation-failed", "patientId"),
				bad("patientId zero", VALID.replace("\"patientId\": 101", "\"patientId\": 0"), "validation-failed",
						"patientId"),
				bad("negative orderId", VALID.replace("\"orderId\": 5001", "\"orderId\": -1"), "validation-failed",
						"orderId"),
				bad("no line items", withLines(""), "validation-failed", "lineItems"),
				bad("101 line items", withLines(repeat("{\"productId\": 1, \"quantity\": 1}", 101)), "validation-failed",
						"lineItems"),
				bad("productId and description", withLines(
						"{\"productId\": 1, \"description\": \"x\", \"unitAmount\": 1, \"quantity\": 1}"),
						"validation-failed", "lineItems[0]"),
				bad("neither productId nor description", withLines("{\"quantity\": 1}"), "validation-failed",
						"lineItems[0]"),
				bad("quantity 0", withLines("{\"productId\": 1, \"quantity\": 0}"), "validation-failed",
						"lineItems[0].quantity"),
				bad("quantity 1001", withLines("{\"productId\": 1, \"quantity\": 1001}"), "validation-failed",
						"lineItems[0].quantity"),
				bad("quantity missing", withLines("{\"productId\": 1}"), "validation-failed", "lineItems[0].quantity"),
				bad("unitAmount 0", withLines("{\"description\": \"x\", \"unitAmount\": 0, \"quantity\": 1}"),
						"validation-failed", "lineItems[0].unitAmount"),
				bad("description of 201 characters",
						withLines("{\"description\": \"" + "d".repeat(201) + "\", \"unitAmount\": 1, \"quantity\": 1}"),
						"validation-failed", "lineItems[0].description"),
				bad("total over 99,999,999",
						withLines("{\"description\": \"x\", \"unitAmount\": 99999999, \"quantity\": 2}"),
						"validation-failed", "lineItems"),
				bad("memo of 501 characters", VALID.replace("\"thanks\"", "\"" + "m".repeat(501) + "\""),
						"validation-failed", "memo"),
				bad("unknown currency", VALID.replace("\"usd\"", "\"xyz\""), "validation-failed", "currency"),
				bad("upper-case currency", VALID.replace("\"usd\"", "\"USD\""), "validation-failed", "currency"),
				bad("paidAt in the future", VALID.replace("2026-03-01T11:00:00Z", "2026-03-01T12:00:01Z"),
						"validation-failed", "paidExternally.paidAt"),
				bad("paidAt missing", VALID.replace(", \"paidAt\": \"2026-03-01T11:00:00Z\"", ""), "validation-failed",
						"paidExternally.paidAt"),
				bad("paidAt not an instant", VALID.replace("2026-03-01T11:00:00Z", "yesterday"), "malformed-body",
						"paidExternally.paidAt"),
				bad("NUL in memo", VALID.replace("\"thanks\"", "\"a\\u0000b\""), "validation-failed", "memo"),
				bad("NUL in a description", VALID.replace("\"Consultation\"", "\"Con\\u0000sultation\""),
						"validation-failed", "lineItems[1].description"),
				bad("NUL in the reference", VALID.replace("\"r-1\"", "\"r\\u00001\""), "validation-failed",
						"paidExternally.reference"),
				bad("lone surrogate in memo", VALID.replace("\"thanks\"", "\"a\\ud800b\""), "validation-failed",
						"memo"),
				bad("lone surrogate in a description", VALID.replace("\"Consultation\"", "\"C\\udc00\""),
						"validation-failed", "lineItems[1].description"),
				bad("lone surrogate in the reference", VALID.replace("\"r-1\"", "\"r\\ud83d\""), "validation-failed",
						"paidExternally.reference"),
				bad("escape sequence in memo", VALID.replace("\"thanks\"", "\"\\u001b[2J\""), "validation-failed",
						"memo"),
				bad("DEL in a description", VALID.replace("\"Consultation\"", "\"a\u007fb\""), "validation-failed",
						"lineItems[1].description"),
				bad("C1 control in memo", VALID.replace("\"thanks\"", "\"a\u0085b\""), "validation-failed", "memo"),
				bad("line break in the reference", VALID.replace("\"r-1\"", "\"r\\n1\""), "validation-failed",
						"paidExternally.reference"),
				bad("paidAt before 2000", VALID.replace("2026-03-01T11:00:00Z", "1999-12-31T23:59:59Z"),
						"validation-failed", "paidExternally.paidAt"),
				bad("paidAt before the Gregorian calendar", VALID.replace("2026-03-01T11:00:00Z", "1500-01-01T00:00:00Z"),
						"validation-failed", "paidExternally.paidAt"),
				bad("paidAt in a BC year", VALID.replace("2026-03-01T11:00:00Z", "-5000-01-01T00:00:00Z"),
						"validation-failed", "paidExternally.paidAt"),
				bad("paidAt in year -999999999", VALID.replace("2026-03-01T11:00:00Z", "-999999999-01-01T00:00:00Z"),
						"validation-failed", "paidExternally.paidAt"),
				bad("paidAt in year 999999999", VALID.replace("2026-03-01T11:00:00Z", "+999999999-12-31T23:59:59Z"),
						"validation-failed", "paidExternally.paidAt"),
				bad("paidAt a BC date", VALID.replace("2026-03-01T11:00:00Z", "-5000-01-01"), "malformed-body",
						"paidExternally.paidAt"),
				bad("paidAt as a huge number", VALID.replace("\"2026-03-01T11:00:00Z\"", "1e300"), "validation-failed",
						"paidExternally.paidAt"),
				bad("paidAt as the largest integer", VALID.replace("\"2026-03-01T11:00:00Z\"", "9223372036854775807"),
						"malformed-body", "paidExternally.paidAt"),
				bad("paidAt as the smallest integer", VALID.replace("\"2026-03-01T11:00:00Z\"", "-9223372036854775808"),
						"malformed-body", "paidExternally.paidAt"),
				bad("unknown payment method", VALID.replace("\"CASH\"", "\"BITCOIN\""), "malformed-body",
						"paidExternally.method"),
				bad("reference of 256 characters", VALID.replace("\"r-1\"", "\"" + "r".repeat(256) + "\""),
						"validation-failed", "paidExternally.reference"),
				bad("empty body", "", "malformed-body", "body"),
				bad("null body", "null", "malformed-body", "body"),
				bad("repeated property", VALID.replace("\"patientId\": 101,", "\"patientId\": 101, \"patientId\": 102,"),
						"malformed-body", "patientId"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void rejectsBadBodyWith400NamingTheFieldAndPublishesNothing(String name, String body, String slug, String field)
			throws Exception {
		perform(submit("key-1").content(body))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + slug))
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.title").isString())
			.andExpect(jsonPath("$.detail").isString())
			.andExpect(jsonPath("$.errors[*].field", hasItem(field)));
		assertThat(this.published).isEmpty();
	}

	static Stream<Arguments> badKeys() {
		return Stream.of(Arguments.of("missing", null), Arguments.of("empty", ""),
				Arguments.of("256 characters", "k".repeat(256)), Arguments.of("with a space", "key one"),
				Arguments.of("with a tab", "key\tone"), Arguments.of("not ASCII", "clé"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badKeys")
	void rejectsBadIdempotencyKeyAndPublishesNothing(String name, String key) throws Exception {
		perform(submit(key).content(VALID))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.type").value(PROBLEMS + "validation-failed"))
			.andExpect(jsonPath("$.errors[*].field", hasItem("Idempotency-Key")));
		assertThat(this.published).isEmpty();
	}

	@Test
	void rejectsBodyOver64KiBWith413() throws Exception {
		String large = VALID.replace("\"thanks\"", "\"" + "m".repeat(64 * 1024) + "\"");
		perform(submit("key-1").content(large))
			.andExpect(status().isPayloadTooLarge())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "payload-too-large"));
		assertThat(this.published).isEmpty();
	}

	@Test
	void rejectsOtherContentTypesWith415() throws Exception {
		perform(submit("key-1").contentType(MediaType.TEXT_PLAIN).content(VALID))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + "unsupported-media-type"));
		assertThat(this.published).isEmpty();
	}

	@Test
	void acceptsTheContractExampleAndPublishesOnce() throws Exception {
		perform(submit(UUID.randomUUID().toString()).content(VALID))
			.andExpect(status().isAccepted())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "1"))
			.andExpect(jsonPath("$.status").value("PENDING"));
		assertThat(this.published).singleElement().satisfies((command) -> {
			assertThat(command.getClinicId()).isEqualTo(1);
			assertThat(command.getAcceptedAt()).isEqualTo(NOW);
		});
	}

	@Test
	void keepsValidUnicodeAndLineBreaksInFreeText() throws Exception {
		perform(submit(UUID.randomUUID().toString())
			.content(VALID.replace("\"thanks\"", "\"line one\\r\\nline\\ttwo \\ud83d\\ude00 \u00e9\u4e2d\"")))
			.andExpect(status().isAccepted());
		assertThat(this.published).singleElement()
			.extracting(CreateInvoice::getMemo)
			.isEqualTo("line one\r\nline\ttwo \ud83d\ude00 \u00e9\u4e2d");
	}

	@Test
	void defaultsCurrencyToUsd() throws Exception {
		perform(submit(UUID.randomUUID().toString()).content(VALID.replace("\"currency\": \"usd\",", "")))
			.andExpect(status().isAccepted());
		assertThat(this.published).singleElement().extracting(CreateInvoice::getCurrency).isEqualTo("usd");
	}

	/** Performs the request and, when the controller answered asynchronously, the dispatch of its answer. */
	private ResultActions perform(RequestBuilder request) throws Exception {
		ResultActions actions = this.mvc.perform(request);
		MvcResult result = actions.andReturn();
		return result.getRequest().isAsyncStarted() ? this.mvc.perform(asyncDispatch(result)) : actions;
	}

	private static MockHttpServletRequestBuilder submit(String key) {
		MockHttpServletRequestBuilder request = post("/v1/invoices").contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN);
		return (key != null) ? request.header(SubmitController.IDEMPOTENCY_KEY, key) : request;
	}

	private static Arguments bad(String name, String body, String slug, String field) {
		return Arguments.of(name, body, slug, field);
	}

	private static String withLines(String lines) {
		return "{\"patientId\": 101, \"lineItems\": [" + lines + "]}";
	}

	private static String repeat(String item, int times) {
		return IntStream.range(0, times).mapToObj((i) -> item).collect(Collectors.joining(","));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Capture {

		@Bean
		List<CreateInvoice> published() {
			return new CopyOnWriteArrayList<>();
		}

		@Bean
		CommandPublisher capturingPublisher(List<CreateInvoice> published) {
			return (command) -> {
				published.add(command);
				return CompletableFuture.completedFuture(null);
			};
		}

		/** Every request and answer here is checked against docs/openapi.yaml too. */
		@Bean
		MockMvcBuilderCustomizer apiContract() {
			return (builder) -> builder.alwaysDo(ApiContract.mockMvc());
		}

		@Bean
		@Primary
		Clock fixedClock() {
			return Clock.fixed(NOW, ZoneOffset.UTC);
		}

	}

}
