package com.clinicbilling.benchmarks.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A local-mode token (docs/api.md, "Authentication"): HS256 over the claims {@code sub},
 * {@code clinic_id} and {@code scope}, signed with the stack's secret. Never logged.
 */
final class DevTokens {

	private DevTokens() {
	}

	static String hs256(String secret, long clinicId, String scope, Duration validity) {
		if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
			throw new IllegalArgumentException("The JWT secret must be at least 32 bytes");
		}
		Instant now = Instant.now();
		String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
		String claims = encode("{\"sub\":\"benchmarks\",\"clinic_id\":" + clinicId + ",\"scope\":\"" + scope + "\",\"iat\":"
				+ now.getEpochSecond() + ",\"exp\":" + now.plus(validity).getEpochSecond() + "}");
		String signingInput = header + "." + claims;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return signingInput + "."
					+ Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is required of every JVM", ex);
		}
	}

	private static String encode(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
