package com.clinicbilling.schemas;

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

/**
 * A local-mode token (docs/api.md, "Authentication"): HS256 over the claims {@code sub},
 * {@code clinic_id} and {@code scope}, signed with the stack's secret by Nimbus, as the gateway
 * verifies it; minted by the local stack and the benchmarks. Never logged. Needs nimbus-jose-jwt on
 * the caller's class path (an optional dependency of this module).
 */
public final class DevTokens {

	private DevTokens() {
	}

	/** @throws IllegalArgumentException when the secret is shorter than HS256 allows */
	public static String hs256(String secret, String subject, long clinicId, String scope, Duration validity) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
			.claim("clinic_id", clinicId)
			.claim("scope", scope)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(validity)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("The JWT secret (INVOICE_JWT_SECRET) must be at least 32 bytes", ex);
		}
		return jwt.serialize();
	}

}
