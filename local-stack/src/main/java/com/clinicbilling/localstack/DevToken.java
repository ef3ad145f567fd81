package com.clinicbilling.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The local stack's HS256 secret (and metrics password), kept so its tokens outlive a restart. */
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

}
