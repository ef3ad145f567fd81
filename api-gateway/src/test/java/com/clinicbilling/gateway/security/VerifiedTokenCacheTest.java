package com.clinicbilling.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.clinicbilling.gateway.ManualTime;
import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokenCacheTest {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	private final List<String> verified = new ArrayList<>();

	/** Verifies "good-*" tokens, expiring at NOW + the number after the dash in seconds; refuses others. */
	private final JwtDecoder verifier = (token) -> {
		this.verified.add(token);
		if (!token.startsWith("good-")) {
			throw new BadJwtException("bad signature");
		}
		return new Jwt(token, NOW.minusSeconds(60), NOW.plusSeconds(Long.parseLong(token.substring(5))),
				Map.of("alg", "HS256"), Map.of("sub", "x"));
	};

	@Test
	void verifiesATokenOnceAndAnswersItFromMemoryUntilItsExp() {
		VerifiedTokenCache cache = new VerifiedTokenCache(this.verifier, 100, Clock.fixed(NOW, ZoneOffset.UTC));

		Jwt first = cache.decode("good-600");
		Jwt second = cache.decode("good-600");

		assertThat(second).isSameAs(first);
		assertThat(this.verified).containsExactly("good-600");
	}

	@Test
	void verifiesAgainOnceTheTokenHasExpired() {
		ManualTime time = new ManualTime(NOW);
		VerifiedTokenCache cache = new VerifiedTokenCache(this.verifier, 100, time.clock());
		cache.decode("good-600");

		time.advance(Duration.ofSeconds(601));
		cache.decode("good-600");

		// Past its exp the token is not answered from memory: the verifier sees it again (and decides).
		assertThat(this.verified).containsExactly("good-600", "good-600");
	}

	@Test
	void neverRemembersARefusedToken() {
		VerifiedTokenCache cache = new VerifiedTokenCache(this.verifier, 100, Clock.fixed(NOW, ZoneOffset.UTC));

		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> cache.decode("forged"));
		assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> cache.decode("forged"));

		assertThat(this.verified).containsExactly("forged", "forged");
	}

}
