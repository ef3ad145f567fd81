package com.clinicbilling.gateway;

/** What the gateway's tests send and expect again and again. */
public final class TestRequests {

	/** A valid free-text invoice request for patient 101 of the demo data. */
	public static final String BODY = """
			{"patientId": 101, "lineItems": [{"description": "Visit", "unitAmount": 5000, "quantity": 1}]}""";

	/** Clinic 1's user, allowed to submit and to read. */
	public static final String CLINIC_1 = Tokens.forClinic(1, "invoices:write", "invoices:read");

	/** Clinic 2's user, allowed to submit and to read. */
	public static final String CLINIC_2 = Tokens.forClinic(2, "invoices:write", "invoices:read");

	/** Where the problem types of the gateway's problem+json answers live. */
	public static final String PROBLEMS = "https://invoices.example/problems/";

	private TestRequests() {
	}

}
