package com.clinicbilling.gateway.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Writes a {@link ProblemException} straight onto a servlet response, in the shape
 * {@link GatewayExceptionHandler} gives it, for refusals decided before or outside Spring MVC
 * (filters, asynchronous body reading). Such refusals close the connection: the body the client is
 * still sending is not read.
 */
public final class ProblemWriter {

	private final JsonMapper jsonMapper;

	public ProblemWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	public void write(HttpServletResponse response, ProblemException problem) throws IOException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.type().toString());
		body.put("title", problem.title());
		body.put("status", problem.status().value());
		body.put("detail", problem.getMessage());
		if (!problem.errors().isEmpty()) {
			body.put("errors", problem.errors());
		}
		response.resetBuffer();
		response.setStatus(problem.status().value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setHeader(HttpHeaders.CONNECTION, "close");
		if (problem.retryAfter() != null) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(GatewayExceptionHandler.seconds(problem.retryAfter())));
		}
		write(response, this.jsonMapper.writeValueAsBytes(body));
	}

	/**
	 * Writes a complete body with its length and flushes it: Tomcat then closes the connection without
	 * reading the rest of the request body ({@code server.tomcat.max-swallow-size=0}), and the client
	 * has the whole answer by then.
	 */
	public static void write(HttpServletResponse response, byte[] body) throws IOException {
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

}
