package com.clinicbilling.benchmarks.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Local-mode bearer tokens (HS256 with the stack's secret), made here so no JOSE library is needed. */
final class BenchTokens {

	private BenchTokens() {
	}

	static String hs256(String secret, long clinicId, String scope) {
		Instant now = Instant.now();
		String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
		String claims = encode("{\"sub\":\"gateway-bench\",\"clinic_id\":" + clinicId + ",\"scope\":\"" + scope
				+ "\",\"iat\":" + now.getEpochSecond() + ",\"exp\":" + now.plus(Duration.ofHours(2)).getEpochSecond()
				+ "}");
		String signingInput = header + "." + claims;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return signingInput + "." + Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is required of every JVM", ex);
		}
	}

	private static String encode(String json) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
