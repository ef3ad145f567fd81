package com.clinicbilling.gateway.security;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GatewaySecurityPropertiesTest {

	private static final Duration DAY = Duration.ofHours(24);

	@Test
	void refusesToStartWithoutASecretOfAtLeast32Bytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> new GatewaySecurityProperties(null, null, null, null, DAY, 10_000))
			.withMessageContaining("INVOICE_JWT_SECRET");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GatewaySecurityProperties("x".repeat(31), null, null, null, DAY, 10_000))
			.withMessageContaining("at least 32 bytes");
	}

	@Test
	void needsNoSecretWhenTokensAreVerifiedAgainstAJwkSet() {
		GatewaySecurityProperties deployed = new GatewaySecurityProperties(null,
				URI.create("https://id.example/.well-known/jwks.json"), null, null, DAY, 10_000);

		assertThat(deployed.deployedMode()).isTrue();
	}

	@Test
	void neverPrintsTheSecret() {
		String secret = "s".repeat(32);

		assertThat(new GatewaySecurityProperties(secret, null, null, null, DAY, 10_000).toString()).doesNotContain(secret);
	}

}
