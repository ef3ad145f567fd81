package com.clinicbilling.gateway.security;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers tokens that passed verification, keyed by the compact token, until their {@code exp}.
 * A client sends the same token with every request for its whole life; verifying its signature and
 * claims once, on first sight, is enough. A token that fails is never cached: it is verified (and
 * refused) every time. The cache is bounded; an evicted token is simply verified again.
 */
final class VerifiedTokenCache implements JwtDecoder {

	private final JwtDecoder verifier;

	private final Clock clock;

	private final Cache<String, Jwt> verified;

	VerifiedTokenCache(JwtDecoder verifier, long maxTokens, Clock clock) {
		this.verifier = verifier;
		this.clock = clock;
		this.verified = Caffeine.newBuilder()
			.maximumSize(maxTokens)
			.expireAfter(Expiry.<String, Jwt>creating((token, jwt) -> untilExpiry(jwt)))
			.build();
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		Jwt known = this.verified.getIfPresent(token);
		// The cache's own expiry runs on a monotonic ticker; the wall clock decides, as it did on first sight.
		if (known != null && known.getExpiresAt().isAfter(this.clock.instant())) {
			return known;
		}
		Jwt jwt = this.verifier.decode(token);
		if (jwt.getExpiresAt() != null) {
			this.verified.put(token, jwt);
		}
		return jwt;
	}

	private Duration untilExpiry(Jwt jwt) {
		Duration left = Duration.between(this.clock.instant(), jwt.getExpiresAt());
		return left.isNegative() ? Duration.ZERO : left;
	}

}
