package com.clinicbilling.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Bearer tokens as the local identity provider would issue them, signed with the test secret. */
public final class Tokens {

	public static final String SECRET = "test-secret-that-is-at-least-32-bytes-long";

	public static final String SECRET_PROPERTY = "invoice.gateway.security.jwt-secret=" + SECRET;

	private Tokens() {
	}

	public static String forClinic(long clinicId, String... scopes) {
		return sign(SECRET, new JWTClaimsSet.Builder().claim("clinic_id", clinicId), scopes);
	}

	public static String signedWith(String secret, long clinicId, String... scopes) {
		return sign(secret, new JWTClaimsSet.Builder().claim("clinic_id", clinicId), scopes);
	}

	/** Signed with the right secret, but expired an hour ago. */
	public static String expired(long clinicId, String... scopes) {
		Instant past = Instant.now().minus(Duration.ofHours(2));
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("test-user")
			.claim("clinic_id", clinicId)
			.claim("scope", String.join(" ", scopes))
			.issueTime(Date.from(past))
			.expirationTime(Date.from(past.plus(Duration.ofHours(1))))
			.build();
		return signed(claims);
	}

	/** Exactly these claims, signed with the test secret: for tokens that break one rule. */
	public static String signed(JWTClaimsSet claims) {
		return signed(SECRET, claims);
	}

	private static String signed(String secret, JWTClaimsSet claims) {
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	/** {@code alg: none}: claims anyone could have written. */
	public static String unsigned(long clinicId, String... scopes) {
		Instant now = Instant.now();
		return new com.nimbusds.jwt.PlainJWT(new JWTClaimsSet.Builder().subject("test-user")
			.claim("clinic_id", clinicId)
			.claim("scope", String.join(" ", scopes))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
			.build()).serialize();
	}

	public static String withoutClinic(String... scopes) {
		return sign(SECRET, new JWTClaimsSet.Builder(), scopes);
	}

	/**
	 * Tokens are made once per test class (static fields) and used for the whole run, which lasts
	 * longer than ten minutes on a loaded machine: they live for hours, inside the gateway's 24 h limit.
	 */
	private static final Duration LIFETIME = Duration.ofHours(12);

	private static String sign(String secret, JWTClaimsSet.Builder claims, String... scopes) {
		Instant now = Instant.now();
		return signed(secret, claims.subject("test-user")
			.claim("scope", String.join(" ", scopes))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(LIFETIME)))
			.build());
	}

}
