package com.clinicbilling.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.DispatcherType;

import com.clinicbilling.gateway.system.AuthenticatedFilter;
import com.clinicbilling.gateway.system.ProblemWriter;
import com.clinicbilling.gateway.system.SubmitFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * Bearer JWTs on every route except the actuator ({@link ManagementSecurity}), the Stripe webhook (which Stripe signs
 * itself) and the API description. Scopes come from the space-separated {@code scope} claim as {@code SCOPE_...} authorities,
 * Spring Security's default reading of that claim. {@code @EnableWebSecurity} is explicit so that web
 * slice tests importing this class get the same filter chain as the application.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewaySecurityProperties.class)
@EnableWebSecurity
public class SecurityConfiguration {

	static final String WRITE = "SCOPE_invoices:write";

	static final String READ = "SCOPE_invoices:read";

	static final String ADMIN = "SCOPE_invoices:admin";

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	/** The clock skew Spring's {@code exp}/{@code nbf} check allows by default. */
	private static final Duration ALLOWED_CLOCK_SKEW = Duration.ofSeconds(60);

	@Bean
	SecurityFilterChain gatewaySecurity(HttpSecurity http, ProblemWriter problemWriter,
			ObjectProvider<AuthenticatedFilter> authenticatedFilters) {
		ProblemResponses problems = new ProblemResponses(problemWriter);
		http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.cors(Customizer.withDefaults())
			.authorizeHttpRequests((requests) -> requests
				// An ASYNC dispatch continues a request authorized on its first dispatch (a body read
				// without a thread, an event stream ending).
				.dispatcherTypeMatchers(DispatcherType.ASYNC)
				.permitAll()
				.requestMatchers("/error")
				.permitAll()
				.requestMatchers(HttpMethod.POST, "/v1/webhooks/stripe")
				.permitAll()
				// The API description and its page (which exists in local mode only) are public.
				.requestMatchers(HttpMethod.GET, "/v3/api-docs", "/api-docs", "/api-docs/**")
				.permitAll()
				// The console's static files hold no data: the page calls the API with a pasted token.
				.requestMatchers("/console", "/console/**")
				.permitAll()
				.requestMatchers(HttpMethod.POST, SubmitFilter.PATH)
				.hasAuthority(WRITE)
				.requestMatchers(HttpMethod.GET, "/v1/invoice-requests/**")
				.hasAuthority(READ)
				.requestMatchers("/v1/admin/**")
				.hasAuthority(ADMIN)
				.anyRequest()
				.authenticated())
			.oauth2ResourceServer((server) -> server.jwt(Customizer.withDefaults())
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems));
		authenticatedFilters.orderedStream()
			.forEach((authenticated) -> http.addFilterAfter(authenticated.filter(), AuthorizationFilter.class));
		return http.build();
	}

	/**
	 * No observation per security filter, authentication and authorization: under load they took a
	 * fifth of a submission's CPU and half its allocation (BENCHMARKS.md, "Front door"), and nothing
	 * exports them. The request's own observation ({@code http.server.requests}, its trace) stays.
	 */
	@Bean
	SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/** Verifies a token on first sight and remembers it until its {@code exp} ({@link VerifiedTokenCache}). */
	@Bean
	JwtDecoder jwtDecoder(GatewaySecurityProperties properties) {
		// The clock Spring's timestamp validators use, so a cached token ends when a verified one would.
		return new VerifiedTokenCache(verifier(properties), properties.tokenCacheSize(), Clock.systemUTC());
	}

	private static JwtDecoder verifier(GatewaySecurityProperties properties) {
		NimbusJwtDecoder decoder;
		if (properties.deployedMode()) {
			log.info("Verifying RS256 tokens against jwkSetUri={}", properties.jwkSetUri());
			decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
				.jwsAlgorithm(SignatureAlgorithm.RS256)
				.build();
		}
		else {
			log.info("Verifying HS256 tokens with the local secret (INVOICE_JWT_SECRET)");
			decoder = NimbusJwtDecoder.withSecretKey(new SecretKeySpec(properties.secretBytes(), "HmacSHA256"))
				.macAlgorithm(MacAlgorithm.HS256)
				.build();
		}
		decoder.setJwtValidator(tokenValidator(properties));
		return decoder;
	}

	/**
	 * Spring Security's defaults (signature aside: {@code exp}, {@code nbf}) made strict: {@code exp} and
	 * {@code iat} are required, {@code iat} is not in the future and the two are at most the maximum
	 * lifetime apart, so no token is valid for ever; issuer and audience are checked when configured.
	 */
	static OAuth2TokenValidator<Jwt> tokenValidator(GatewaySecurityProperties properties) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		JwtTimestampValidator timestamps = new JwtTimestampValidator();
		timestamps.setAllowEmptyExpiryClaim(false);
		validators.add(timestamps);
		validators.add(issuedInThePast());
		validators.add(lifetime(properties.maxTokenLifetime()));
		if (properties.issuer() != null) {
			validators.add(new JwtIssuerValidator(properties.issuer()));
		}
		if (properties.audience() != null) {
			validators.add(new JwtAudienceValidator(properties.audience()));
		}
		validators.add(clinicClaim());
		return JwtValidators.createDefaultWithValidators(validators);
	}

	/**
	 * {@code iat} present and not in the future (a minute of clock skew, as for {@code exp}). Not
	 * Spring's {@code JwtIssuedAtValidator}: it also refuses every token issued more than that minute
	 * ago, so a token would stop working a minute after it was issued, whatever its {@code exp}.
	 */
	private static OAuth2TokenValidator<Jwt> issuedInThePast() {
		OAuth2Error invalid = new OAuth2Error("invalid_token", "The token has no iat claim, or one in the future", null);
		return (jwt) -> (jwt.getIssuedAt() != null
				&& !jwt.getIssuedAt().isAfter(Instant.now().plus(ALLOWED_CLOCK_SKEW)))
						? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(invalid);
	}

	private static OAuth2TokenValidator<Jwt> lifetime(Duration max) {
		OAuth2Error tooLong = new OAuth2Error("invalid_token", "The token lives longer than " + max, null);
		return (jwt) -> (jwt.getIssuedAt() != null && jwt.getExpiresAt() != null
				&& Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt()).compareTo(max) <= 0)
						? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(tooLong);
	}

	/** A token that names no clinic cannot be scoped to one: it is rejected as invalid (401). */
	private static OAuth2TokenValidator<Jwt> clinicClaim() {
		OAuth2Error missing = new OAuth2Error("invalid_token",
				"The token has no positive integer " + ClinicPrincipal.CLINIC_CLAIM + " claim", null);
		return (jwt) -> (ClinicPrincipal.read(jwt) != null) ? OAuth2TokenValidatorResult.success()
				: OAuth2TokenValidatorResult.failure(missing);
	}

}
