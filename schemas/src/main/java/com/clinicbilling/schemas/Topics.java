package com.clinicbilling.schemas;

/** Names of the topics in the outside contract. */
public final class Topics {

	/** {@link CreateInvoice} commands, keyed by {@code {clinicId}:{idempotencyKey}}. */
	public static final String COMMANDS = "invoice.commands";

	/** {@link RequestStatus} per request, keyed by request id; compacted. */
	public static final String REQUEST_STATUS = "invoice.request-status";

	/** Spring Kafka's default dead-letter topic name for {@link #COMMANDS}. */
	public static final String COMMANDS_DEAD_LETTER = COMMANDS + "-dlt";

	private Topics() {
	}

	public static String commandKey(long clinicId, String idempotencyKey) {
		return clinicId + ":" + idempotencyKey;
	}

}
