package com.clinicbilling.benchmarks.http;

import java.net.URI;

/**
 * A system under HTTP load: the gateway (202, then a status to poll) or a seed baseline (201 once
 * the invoice is written, so accepted is also done).
 *
 * @param token bearer token, or null for the baselines, which do not authenticate
 * @param successStatus the answer that means "accepted": 202 for the gateway, 201 for a baseline
 * @param pollsStatus whether the end-to-end latency needs polling the status until it is final
 */
record HttpTarget(String name, URI base, String token, int successStatus, boolean pollsStatus) {

	static HttpTarget gateway(URI base, String token) {
		return new HttpTarget("gateway + worker (202)", base, token, 202, true);
	}

	static HttpTarget baseline(String name, URI base) {
		return new HttpTarget(name, base, null, 201, false);
	}

	URI submitUri() {
		return this.base.resolve("/v1/invoices");
	}

}
