package com.clinicbilling.gateway.system;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponse;

/**
 * Writes a problem straight onto a servlet response, with the application's {@link JsonMapper} as
 * Spring MVC would render it, for refusals decided before or outside Spring MVC (security, filters,
 * asynchronous body reading). Such refusals close the connection: the body the client is still
 * sending is not read.
 */
public final class ProblemWriter {

	private final JsonMapper jsonMapper;

	public ProblemWriter(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * A refusal before the body was read: status, headers (such as {@code Retry-After}) and body of the
	 * problem, headers set before staying, and the connection closed.
	 */
	public void write(HttpServletResponse response, ErrorResponse problem) throws IOException {
		response.setHeader(HttpHeaders.CONNECTION, "close");
		// A complete body with its length, flushed: Tomcat then closes the connection without reading
		// the rest of the request body (server.tomcat.max-swallow-size=0), and the client has the whole
		// answer by then.
		answer(response, problem);
		response.flushBuffer();
	}

	/** The problem as the answer of a request whose body was read: the connection stays open. */
	public void answer(HttpServletResponse response, ErrorResponse problem) throws IOException {
		byte[] body = this.jsonMapper.writeValueAsBytes(problem.getBody());
		response.resetBuffer();
		response.setStatus(problem.getStatusCode().value());
		problem.getHeaders().forEach((name, values) -> values.forEach((value) -> response.addHeader(name, value)));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
