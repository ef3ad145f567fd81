package com.clinicbilling.gateway.admin;

import java.util.Map;
import java.util.regex.Pattern;

import com.clinicbilling.schemas.DeadLetters;

/**
 * What a clinic admin is told about a dead letter: a stable code and a sentence for people. Spring
 * Kafka's exception headers (message, class, stack trace) name our classes and methods; they stay on
 * the topic for operators and never reach the HTTP API.
 */
final class DeadLetterErrors {

	/** A header that is missing or not a code of ours (it might carry anything). */
	static final String UNKNOWN = "unknown";

	private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

	private static final Map<String, String> MESSAGES = Map.of(DeadLetters.UNKNOWN_SCHEMA,
			"The command was written with a schema this release does not know; it can be replayed once the worker knows it",
			DeadLetters.UNDECODABLE, "The record is not a command this system can read; it cannot be replayed",
			DeadLetters.UNANSWERABLE, "The command can never be answered (it has no request id or no body)");

	private static final String OTHER = "The command could not be processed and was set aside for an operator";

	private DeadLetterErrors() {
	}

	static String code(String header) {
		return (header != null && CODE.matcher(header).matches()) ? header : UNKNOWN;
	}

	static String message(String code) {
		return MESSAGES.getOrDefault(code, OTHER);
	}

}
