package com.clinicbilling.gateway.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import com.clinicbilling.gateway.Tokens;
import com.clinicbilling.gateway.system.SystemConfiguration;
import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A token is refused (401 problem+json) unless it has a bounded lifetime and, when configured, our issuer and audience. */
@WebMvcTest(controllers = TokenLifetimeTest.Echo.class,
		// the features' controller advice (e.g. the submit body limit) needs beans of their own
		excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX,
				pattern = "com\\.clinicbilling\\.gateway\\.(submit|admin|webhook|push|status|ratelimit)\\..*"),
		properties = { Tokens.SECRET_PROPERTY, "invoice.gateway.security.max-token-lifetime=24h",
				"invoice.gateway.security.issuer=https://id.example", "invoice.gateway.security.audience=invoices" })
@Import({ SecurityConfiguration.class, SystemConfiguration.class, TokenLifetimeTest.Echo.class })
class TokenLifetimeTest {

	@Autowired
	MockMvc mvc;

	static Stream<Arguments> refused() {
		Instant now = Instant.now();
		return Stream.of(refused("no exp", (c) -> c.expirationTime(null)),
				refused("exp in the year 9999", (c) -> c.expirationTime(Date.from(Instant.parse("9999-12-31T00:00:00Z")))),
				refused("no iat", (c) -> c.issueTime(null)),
				refused("iat in the future", (c) -> c.issueTime(Date.from(now.plus(Duration.ofHours(1))))
					.expirationTime(Date.from(now.plus(Duration.ofHours(2))))),
				refused("lives 25 h", (c) -> c.expirationTime(Date.from(now.plus(Duration.ofHours(25))))),
				refused("expired", (c) -> c.issueTime(Date.from(now.minus(Duration.ofHours(3))))
					.expirationTime(Date.from(now.minus(Duration.ofHours(2))))),
				refused("another issuer", (c) -> c.issuer("https://evil.example")),
				refused("no issuer", (c) -> c.issuer(null)),
				refused("another audience", (c) -> c.audience("billing")),
				refused("no audience", (c) -> c.audience((String) null)));
	}

	private static Arguments refused(String name, UnaryOperator<JWTClaimsSet.Builder> change) {
		return Arguments.of(name, Tokens.signed(change.apply(valid()).build()));
	}

	private static JWTClaimsSet.Builder valid() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().subject("test-user")
			.claim("clinic_id", 1)
			.claim("scope", "invoices:read")
			.issuer("https://id.example")
			.audience(List.of("invoices", "other"))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofHours(24))));
	}

	@Test
	void acceptsATokenOfTheMaximumLifetimeFromOurIssuerForOurAudience() throws Exception {
		this.mvc.perform(get("/echo").header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.signed(valid().build())))
			.andExpect(status().isOk());
	}

	@Test
	void acceptsATokenIssuedHoursAgoThatHasNotExpired() throws Exception {
		Instant issued = Instant.now().minus(Duration.ofHours(20));
		String token = Tokens.signed(valid().issueTime(Date.from(issued))
			.expirationTime(Date.from(issued.plus(Duration.ofHours(24))))
			.build());

		this.mvc.perform(get("/echo").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)).andExpect(status().isOk());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource
	void refused(String name, String token) throws Exception {
		this.mvc.perform(get("/echo").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.andExpect(status().isUnauthorized())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://invoices.example/problems/unauthorized"))
			.andExpect(jsonPath("$.status").value(401));
	}

	@RestController
	static class Echo {

		@GetMapping("/echo")
		String echo() {
			return "ok";
		}

	}

}
