package com.clinicbilling.gateway.security;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The clinic a caller acts for. It comes from the verified token, never from a request body or
 * path, which is what keeps one clinic out of another's data.
 */
public final class ClinicPrincipal {

	/** The claim holding the clinic id, a positive integer. */
	public static final String CLINIC_CLAIM = "clinic_id";

	private ClinicPrincipal() {
	}

	/** The caller's clinic; tokens without a valid claim never get this far (see the validator). */
	public static long clinicId(Jwt jwt) {
		Long clinicId = read(jwt);
		if (clinicId == null) {
			throw new IllegalStateException("Token without a valid " + CLINIC_CLAIM + " passed validation");
		}
		return clinicId;
	}

	static Long read(Jwt jwt) {
		Object claim = jwt.getClaims().get(CLINIC_CLAIM);
		// Integral JSON numbers only: "1" or 1.5 are not a clinic id.
		if ((claim instanceof Long || claim instanceof Integer) && ((Number) claim).longValue() > 0) {
			return ((Number) claim).longValue();
		}
		return null;
	}

}
