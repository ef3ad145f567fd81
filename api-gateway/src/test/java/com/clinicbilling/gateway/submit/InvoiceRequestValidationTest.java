package com.clinicbilling.gateway.submit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static com.clinicbilling.gateway.TestRequests.PROBLEMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Every way a submit can be refused before anything reaches Kafka. The publisher is the only bean
 * replaced; whatever it captures was "published".
 */
@WebMvcTest(controllers = SubmitEndpoint.class, properties = Tokens.SECRET_PROPERTY)
@Import({ SecurityConfiguration.class, SystemConfiguration.class, SubmitConfiguration.class, CommandIntake.class,
		RequestStatusStore.class, CapturedCommands.class, InvoiceRequestValidationTest.FixedTimeAndContract.class })
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
				// Not the shape of a request.
				bad("malformed JSON", "{\"patientId\": 101,", "malformed-body", "body"),
				bad("empty body", "", "malformed-body", "body"),
				bad("null body", "null", "malformed-body", "body"),
				bad("object for a list", "{\"patientId\": 101, \"lineItems\": {}}", "malformed-body", "lineItems"),
				edit("unknown field", "\"memo\"", "\"colour\": \"red\", \"memo\"", "malformed-body", "colour"),
				edit("clinic in the body (it comes from the token)", "\"patientId\": 101,",
						"\"clinicId\": 2, \"patientId\": 101,", "malformed-body", "clinicId"),
				edit("unknown field in a line", "\"productId\": 1,", "\"productId\": 1, \"tax\": 3,", "malformed-body",
						"lineItems[0].tax"),
				edit("repeated property", "\"patientId\": 101,", "\"patientId\": 101, \"patientId\": 102,",
						"malformed-body", "patientId"),
				edit("text for a number", "\"patientId\": 101", "\"patientId\": \"abc\"", "malformed-body",
						"patientId"),
				edit("quoted number", "\"patientId\": 101", "\"patientId\": \"101\"", "malformed-body", "patientId"),
				edit("fraction for an integer", "\"quantity\": 2", "\"quantity\": 1.5", "malformed-body",
						"lineItems[0].quantity"),
				edit("unknown payment method", "\"CASH\"", "\"BITCOIN\"", "malformed-body", "paidExternally.method"),
				// The request's own fields.
				edit("missing patientId", "\"patientId\": 101,", "", "validation-failed", "patientId"),
				edit("patientId zero", "\"patientId\": 101", "\"patientId\": 0", "validation-failed", "patientId"),
				edit("negative orderId", "\"orderId\": 5001", "\"orderId\": -1", "validation-failed", "orderId"),
				edit("unknown currency", "\"usd\"", "\"xyz\"", "validation-failed", "currency"),
				edit("upper-case currency", "\"usd\"", "\"USD\"", "validation-failed", "currency"),
				// The lines, each request with the one line given.
				bad("no line items", withLines(""), "validation-failed", "lineItems"),
				bad("101 line items", withLines(repeat("{\"productId\": 1, \"quantity\": 1}", 101)),
						"validation-failed", "lineItems"),
				line("productId and description",
						"{\"productId\": 1, \"description\": \"x\", \"unitAmount\": 1, \"quantity\": 1}", ""),
				line("neither productId nor description", "{\"quantity\": 1}", ""),
				line("quantity 0", "{\"productId\": 1, \"quantity\": 0}", ".quantity"),
				line("quantity 1001", "{\"productId\": 1, \"quantity\": 1001}", ".quantity"),
				line("quantity missing", "{\"productId\": 1}", ".quantity"),
				line("unitAmount 0", "{\"description\": \"x\", \"unitAmount\": 0, \"quantity\": 1}", ".unitAmount"),
				line("description of 201 characters",
						"{\"description\": \"" + "d".repeat(201) + "\", \"unitAmount\": 1, \"quantity\": 1}",
						".description"),
				bad("total over 99,999,999",
						withLines("{\"description\": \"x\", \"unitAmount\": 99999999, \"quantity\": 2}"),
						"validation-failed", "lineItems"),
				// Free text: its length, and no control characters or broken UTF-16 in it.
				memo("memo of 501 characters", "\"" + "m".repeat(501) + "\""),
				memo("NUL in memo", "\"a\\u0000b\""),
				memo("lone surrogate in memo", "\"a\\ud800b\""),
				memo("escape sequence in memo", "\"\\u001b[2J\""),
				memo("C1 control in memo", "\"a\u0085b\""),
				description("NUL in a description", "\"Con\\u0000sultation\""),
				description("lone surrogate in a description", "\"C\\udc00\""),
				description("DEL in a description", "\"a\u007fb\""),
				reference("reference of 256 characters", "\"" + "r".repeat(256) + "\""),
				reference("NUL in the reference", "\"r\\u00001\""),
				reference("lone surrogate in the reference", "\"r\\ud83d\""),
				reference("line break in the reference", "\"r\\n1\""),
				// When it was paid: an instant, not in the future, not before 2000.
				edit("paidAt missing", ", \"paidAt\": \"2026-03-01T11:00:00Z\"", "", "validation-failed",
						"paidExternally.paidAt"),
				paidAt("paidAt in the future", "\"2026-03-01T12:00:01Z\"", "validation-failed"),
				paidAt("paidAt not an instant", "\"yesterday\"", "malformed-body"),
				paidAt("paidAt before 2000", "\"1999-12-31T23:59:59Z\"", "validation-failed"),
				paidAt("paidAt before the Gregorian calendar", "\"1500-01-01T00:00:00Z\"", "validation-failed"),
				paidAt("paidAt in a BC year", "\"-5000-01-01T00:00:00Z\"", "validation-failed"),
				paidAt("paidAt in year -999999999", "\"-999999999-01-01T00:00:00Z\"", "validation-failed"),
				paidAt("paidAt in year 999999999", "\"+999999999-12-31T23:59:59Z\"", "validation-failed"),
				paidAt("paidAt a BC date", "\"-5000-01-01\"", "malformed-body"),
				paidAt("paidAt as a huge number", "1e300", "validation-failed"),
				paidAt("paidAt as the largest integer", "9223372036854775807", "malformed-body"),
				paidAt("paidAt as the smallest integer", "-9223372036854775808", "malformed-body"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badRequests")
	void rejectsBadBodyWith400NamingTheFieldAndPublishesNothing(String name, String body, String slug, String field)
			throws Exception {
		refused(submit("key-1").content(body), HttpStatus.BAD_REQUEST, slug)
			.andExpect(jsonPath("$.status").value(400))
			.andExpect(jsonPath("$.title").isString())
			.andExpect(jsonPath("$.detail").isString())
			.andExpect(jsonPath("$.errors[*].field", hasItem(field)));
	}

	static Stream<Arguments> badKeys() {
		return Stream.of(Arguments.of("missing", null), Arguments.of("empty", ""),
				Arguments.of("256 characters", "k".repeat(256)), Arguments.of("with a space", "key one"),
				Arguments.of("with a tab", "key\tone"), Arguments.of("not ASCII", "clé"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badKeys")
	void rejectsBadIdempotencyKeyAndPublishesNothing(String name, String key) throws Exception {
		refused(submit(key).content(VALID), HttpStatus.BAD_REQUEST, "validation-failed")
			.andExpect(jsonPath("$.errors[*].field", hasItem("Idempotency-Key")));
	}

	@Test
	void rejectsBodyOver64KiBWith413() throws Exception {
		String large = VALID.replace("\"thanks\"", "\"" + "m".repeat(64 * 1024) + "\"");
		refused(submit("key-1").content(large), HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large");
	}

	@Test
	void rejectsOtherContentTypesWith415() throws Exception {
		refused(submit("key-1").contentType(MediaType.TEXT_PLAIN).content(VALID), HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"unsupported-media-type");
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

	private ResultActions perform(RequestBuilder request) throws Exception {
		return this.mvc.perform(request);
	}

	/** Answered {@code status} with a problem of type {@code slug}, and nothing published. */
	private ResultActions refused(RequestBuilder request, HttpStatus status, String slug) throws Exception {
		ResultActions answer = perform(request).andExpect(status().is(status.value()))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value(PROBLEMS + slug));
		assertThat(this.published).isEmpty();
		return answer;
	}

	private static MockHttpServletRequestBuilder submit(String key) {
		MockHttpServletRequestBuilder request = post("/v1/invoices").contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN);
		return (key != null) ? request.header(SubmitEndpoint.IDEMPOTENCY_KEY, key) : request;
	}

	private static Arguments bad(String name, String body, String slug, String field) {
		return Arguments.of(name, body, slug, field);
	}

	/** {@link #VALID} with {@code from} replaced by {@code to}. */
	private static Arguments edit(String name, String from, String to, String slug, String field) {
		return bad(name, VALID.replace(from, to), slug, field);
	}

	/** A request with the one line given, refused for the line ({@code lineItems[0]}) or a field of it. */
	private static Arguments line(String name, String line, String fieldOfLine) {
		return bad(name, withLines(line), "validation-failed", "lineItems[0]" + fieldOfLine);
	}

	/** {@link #VALID} with the memo's JSON value replaced. */
	private static Arguments memo(String name, String value) {
		return edit(name, "\"thanks\"", value, "validation-failed", "memo");
	}

	/** {@link #VALID} with the second line's description (JSON value) replaced. */
	private static Arguments description(String name, String value) {
		return edit(name, "\"Consultation\"", value, "validation-failed", "lineItems[1].description");
	}

	/** {@link #VALID} with the payment reference (JSON value) replaced. */
	private static Arguments reference(String name, String value) {
		return edit(name, "\"r-1\"", value, "validation-failed", "paidExternally.reference");
	}

	/** {@link #VALID} with the payment's {@code paidAt} (JSON value) replaced. */
	private static Arguments paidAt(String name, String value, String slug) {
		return edit(name, "\"2026-03-01T11:00:00Z\"", value, slug, "paidExternally.paidAt");
	}

	private static String withLines(String lines) {
		return "{\"patientId\": 101, \"lineItems\": [" + lines + "]}";
	}

	private static String repeat(String item, int times) {
		return IntStream.range(0, times).mapToObj((i) -> item).collect(Collectors.joining(","));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class FixedTimeAndContract {

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
