package com.clinicbilling.gateway.security;

import java.net.URI;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class GatewaySecurityPropertiesTest {

	@Test
	void refusesToStartWithoutASecretOfAtLeast32Bytes() {
		assertThatIllegalArgumentException().isThrownBy(() -> new GatewaySecurityProperties(null, null))
			.withMessageContaining("INVOICE_JWT_SECRET");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new GatewaySecurityProperties("x".repeat(31), null))
			.withMessageContaining("at least 32 bytes");
	}

	@Test
	void needsNoSecretWhenTokensAreVerifiedAgainstAJwkSet() {
		GatewaySecurityProperties deployed = new GatewaySecurityProperties(null,
				URI.create("https://id.example/.well-known/jwks.json"));

		assertThat(deployed.deployedMode()).isTrue();
	}

	@Test
	void neverPrintsTheSecret() {
		String secret = "s".repeat(32);

		assertThat(new GatewaySecurityProperties(secret, null).toString()).doesNotContain(secret);
	}

}
