package com.clinicbilling.gateway.security;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How bearer tokens are verified. Checked at start-up, so a gateway with a weak or missing key never
 * accepts a request.
 *
 * @param jwtSecret the HS256 key of local mode, at least 32 bytes (256 bits, as RFC 7518 requires of
 * HS256); set from {@code INVOICE_JWT_SECRET}; ignored when {@code jwkSetUri} is set
 * @param jwkSetUri the JWKS endpoint of the identity provider in deployed mode; tokens are then
 * RS256-signed and verified against its keys
 * @param issuer the {@code iss} every token must carry ({@code INVOICE_JWT_ISSUER}); blank: not checked
 * @param audience a value the token's {@code aud} must contain ({@code INVOICE_JWT_AUDIENCE}); blank:
 * not checked
 * @param maxTokenLifetime the longest a token may live: {@code exp} and {@code iat} are required and
 * at most this far apart, so a leaked token is not valid for ever
 * @param tokenCacheSize most verified tokens remembered until their {@code exp}, so a client's token
 * is verified once, not on every request
 */
@ConfigurationProperties("invoice.gateway.security")
record GatewaySecurityProperties(String jwtSecret, URI jwkSetUri, String issuer, String audience,
		@DefaultValue("24h") Duration maxTokenLifetime, @DefaultValue("10000") long tokenCacheSize) {

	static final int MIN_SECRET_BYTES = 32;

	GatewaySecurityProperties {
		if (jwkSetUri == null && (jwtSecret == null
				|| jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES)) {
			throw new IllegalArgumentException("invoice.gateway.security.jwt-secret (INVOICE_JWT_SECRET) must be at least "
					+ MIN_SECRET_BYTES + " bytes when invoice.gateway.security.jwk-set-uri is not set");
		}
		if (maxTokenLifetime == null || maxTokenLifetime.isNegative() || maxTokenLifetime.isZero()) {
			throw new IllegalArgumentException("invoice.gateway.security.max-token-lifetime must be positive");
		}
		if (tokenCacheSize < 0) {
			throw new IllegalArgumentException("invoice.gateway.security.token-cache-size must not be negative");
		}
		issuer = (issuer == null || issuer.isBlank()) ? null : issuer.trim();
		audience = (audience == null || audience.isBlank()) ? null : audience.trim();
	}

	boolean deployedMode() {
		return this.jwkSetUri != null;
	}

	byte[] secretBytes() {
		return this.jwtSecret.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public String toString() {
		// Records print every component; the secret must not reach a log or the configprops endpoint.
		return "GatewaySecurityProperties[jwtSecret=******, jwkSetUri=" + this.jwkSetUri + ", issuer=" + this.issuer
				+ ", audience=" + this.audience + ", maxTokenLifetime=" + this.maxTokenLifetime + ", tokenCacheSize="
				+ this.tokenCacheSize + "]";
	}

}
