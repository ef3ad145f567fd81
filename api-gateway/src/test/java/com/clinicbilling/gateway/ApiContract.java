package com.clinicbilling.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.ResultHandler;

/**
 * The API description ({@code docs/openapi.yaml}, as the build puts it on the classpath and the
 * gateway serves it) as a check on real exchanges: every answer the tests get must be one the
 * document describes (status, headers, body), and every request the gateway accepts (2xx) must be
 * one the document allows. A request the document forbids may be sent on purpose, by a test of a
 * refusal; then the gateway must refuse it (4xx), and the refusal must be documented too.
 */
public final class ApiContract {

	public static final String DOCUMENT = "api-docs/openapi.yaml";

	/**
	 * Answered by the gateway but not part of the client API: the scrape endpoint of operators, and
	 * the browsable page of this document (local mode).
	 */
	private static final List<String> UNDOCUMENTED = List.of("/actuator/prometheus", "/api-docs");

	private static final String SPEC = read(DOCUMENT);

	private static final OpenApiInteractionValidator VALIDATOR = validator(LevelResolver.create().build());

	/** For an event stream: its status and headers arrive long before its body, which is checked per event. */
	private static final OpenApiInteractionValidator HEAD_ONLY = validator(LevelResolver.create()
		.withLevel("validation.response.body.missing", ValidationReport.Level.IGNORE)
		.build());

	private ApiContract() {
	}

	public static String document() {
		return SPEC;
	}

	/** One exchange as the client saw it; names must be header names as sent or received. */
	public static void check(String method, URI uri, Map<String, List<String>> requestHeaders, String requestBody,
			int status, Map<String, List<String>> responseHeaders, String responseBody) {
		check(VALIDATOR, method, uri, requestHeaders, requestBody, status, responseHeaders, responseBody);
	}

	/** The head of a streamed answer: status and headers; the body is checked event by event. */
	public static void checkHead(String method, URI uri, Map<String, List<String>> requestHeaders, int status,
			Map<String, List<String>> responseHeaders) {
		check(HEAD_ONLY, method, uri, requestHeaders, null, status, responseHeaders, null);
	}

	/** The data of an {@code event: status} must be what {@code GET /v1/invoice-requests/{id}} answers. */
	public static void checkStatusEvent(String requestId, String data) {
		SimpleResponse response = SimpleResponse.Builder.ok().withContentType("application/json").withBody(data).build();
		ValidationReport report = VALIDATOR.validateResponse("/v1/invoice-requests/" + requestId, Request.Method.GET,
				response);
		if (report.hasErrors()) {
			throw new AssertionError("An event's status disagrees with docs/openapi.yaml (RequestStatus):\n" + data
					+ "\n" + describe(report));
		}
	}

	private static void check(OpenApiInteractionValidator validator, String method, URI uri,
			Map<String, List<String>> requestHeaders, String requestBody, int status,
			Map<String, List<String>> responseHeaders, String responseBody) {
		if (UNDOCUMENTED.stream().anyMatch(uri.getPath()::startsWith)) {
			return;
		}
		SimpleRequest.Builder request = new SimpleRequest.Builder(method, uri.getRawPath());
		requestHeaders.forEach(request::withHeader);
		if (requestBody != null) {
			request.withBody(requestBody);
		}
		query(uri).forEach(request::withQueryParam);
		SimpleResponse.Builder response = new SimpleResponse.Builder(status);
		responseHeaders.forEach(response::withHeader);
		if (responseBody != null && !responseBody.isEmpty()) {
			response.withBody(responseBody);
		}
		String exchange = method + " " + uri.getRawPath() + " -> " + status;
		boolean refused = status >= 400 && status < 500;
		ValidationReport requestReport = validator.validateRequest(request.build());
		if (requestReport.hasErrors() && !refused) {
			throw new AssertionError("The gateway answered " + exchange
					+ " to a request docs/openapi.yaml does not allow:\n" + describe(requestReport));
		}
		ValidationReport responseReport = validator.validateResponse(uri.getRawPath(), Request.Method.valueOf(method),
				response.build());
		if (responseReport.hasErrors() && !(refused && undocumentedOperation(responseReport))) {
			throw new AssertionError("The answer of " + exchange + " disagrees with docs/openapi.yaml:\n"
					+ describe(responseReport) + "\nbody: " + responseBody);
		}
	}

	/** A refusal of a path or method the document does not have (a test of 404 or 405) is fine. */
	private static boolean undocumentedOperation(ValidationReport report) {
		return report.getMessages()
			.stream()
			.allMatch((message) -> message.getKey().equals("validation.request.path.missing")
					|| message.getKey().equals("validation.request.operation.notAllowed"));
	}

	private static String describe(ValidationReport report) {
		return report.getMessages()
			.stream()
			.map((message) -> "  " + message.getKey() + ": " + message.getMessage())
			.collect(Collectors.joining("\n"));
	}

	private static Map<String, List<String>> query(URI uri) {
		if (uri.getRawQuery() == null) {
			return Map.of();
		}
		return Arrays.stream(uri.getRawQuery().split("&"))
			.map((pair) -> pair.split("=", 2))
			.collect(Collectors.groupingBy((pair) -> decode(pair[0]),
					Collectors.mapping((pair) -> (pair.length > 1) ? decode(pair[1]) : "", Collectors.toList())));
	}

	private static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

	/** The same check for MockMvc tests: {@code builder.alwaysDo(ApiContract.mockMvc())}. */
	public static ResultHandler mockMvc() {
		return (result) -> {
			MockHttpServletRequest request = result.getRequest();
			MockHttpServletResponse response = result.getResponse();
			Map<String, List<String>> requestHeaders = new LinkedHashMap<>();
			for (String name : Collections.list(request.getHeaderNames())) {
				requestHeaders.put(name, Collections.list(request.getHeaders(name)));
			}
			Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
			for (String name : response.getHeaderNames()) {
				responseHeaders.put(name, response.getHeaders(name));
			}
			if (response.getContentType() != null) {
				responseHeaders.putIfAbsent("Content-Type", List.of(response.getContentType()));
			}
			String query = (request.getQueryString() != null) ? "?" + request.getQueryString() : "";
			byte[] body = request.getContentAsByteArray();
			check(request.getMethod(), URI.create(request.getRequestURI() + query), requestHeaders,
					(body != null) ? new String(body, StandardCharsets.UTF_8) : null, response.getStatus(),
					responseHeaders, response.getContentAsString(StandardCharsets.UTF_8));
		};
	}

	private static OpenApiInteractionValidator validator(LevelResolver levels) {
		try {
			return OpenApiInteractionValidator.createForInlineApiSpecification(SPEC).withLevelResolver(levels).build();
		}
		catch (OpenApiInteractionValidator.ApiLoadException ex) {
			throw new IllegalStateException(DOCUMENT + " cannot be read: " + ex.getParseMessages(), ex);
		}
	}

	private static String read(String resource) {
		try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(resource + " is not on the classpath: build with Maven");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
