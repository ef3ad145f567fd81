package com.clinicbilling.schemas;

import org.apache.avro.message.MissingSchemaException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What the dead-letter topic of {@link Topics#COMMANDS} says about each record besides Spring
 * Kafka's exception headers: a short error code, so operators can list and replay by cause.
 */
public final class DeadLetters {

	/** Header with one of the codes below. */
	public static final String ERROR_CODE_HEADER = "invoice_dlt-error-code";

	/** Written with a schema this release does not know: replayable once the worker knows it. */
	public static final String UNKNOWN_SCHEMA = "unknown_schema";

	/** Not Avro single-object encoding at all. */
	public static final String UNDECODABLE = "undecodable";

	/** Decodes, but can never be answered (no value, no request id). */
	public static final String UNANSWERABLE = "unanswerable";

	/** Decodes, but the database refuses its data even as a REJECTED request (e.g. in its key). */
	public static final String UNPROCESSABLE_COMMAND = "unprocessable_command";

	private DeadLetters() {
	}

	/** The code for the exception that sent a record to the dead-letter topic, by the types of its causes. */
	public static String errorCode(Throwable failure) {
		boolean undecodable = false;
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof MissingSchemaException) {
				return UNKNOWN_SCHEMA;
			}
			undecodable |= cause instanceof SerializationException;
		}
		return undecodable ? UNDECODABLE : UNANSWERABLE;
	}

}
