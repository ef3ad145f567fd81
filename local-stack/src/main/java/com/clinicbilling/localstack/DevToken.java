package com.clinicbilling.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** The local stack's HS256 secret and a ready token, so a newcomer can call the API at once. */
final class DevToken {

	static final String ALL_SCOPES = "invoices:write invoices:read invoices:admin";

	private DevToken() {
	}

	/** The secret kept in the data folder, made on first use so tokens outlive a restart. */
	static String secretIn(Path file) throws IOException {
		if (Files.exists(file)) {
			return Files.readString(file).trim();
		}
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		String hex = HexFormat.of().formatHex(secret);
		Files.writeString(file, hex);
		return hex;
	}

	static String mint(String secret, long clinicId, String scopes, Duration validity) {
		Instant now = Instant.now();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("local-dev")
			.claim("clinic_id", clinicId)
			.claim("scope", scopes)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(validity)))
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			jwt.sign(new MACSigner(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalArgumentException("INVOICE_JWT_SECRET must be at least 32 bytes", ex);
		}
		return jwt.serialize();
	}

}
