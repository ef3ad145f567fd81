package com.clinicbilling.gateway.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.gateway.system.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * 401 and 403 as problem+json. They are decided in the security filter chain, before Spring MVC, so
 * the exception handler of the system package never sees them. Spring Security's bearer handlers
 * still set the status and the RFC 6750 {@code WWW-Authenticate} header; this adds the body. The
 * detail never repeats the token or the parser's message about it.
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

	private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();

	private final BearerTokenAccessDeniedHandler bearerAccessDenied = new BearerTokenAccessDeniedHandler();

	private final JsonMapper jsonMapper;

	ProblemResponses(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		this.bearerEntryPoint.commence(request, response, ex);
		write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
				"A valid bearer token is required");
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException {
		this.bearerAccessDenied.handle(request, response, ex);
		write(response, HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "The token lacks the scope this request needs");
	}

	private void write(HttpServletResponse response, HttpStatus status, String slug, String title, String detail)
			throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", ProblemException.type(slug).toString());
		problem.put("title", title);
		problem.put("status", status.value());
		problem.put("detail", detail);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		// The body of a refused request is not read: the connection closes after this answer.
		response.setHeader(HttpHeaders.CONNECTION, "close");
		ProblemWriter.write(response, this.jsonMapper.writeValueAsBytes(problem));
	}

}
