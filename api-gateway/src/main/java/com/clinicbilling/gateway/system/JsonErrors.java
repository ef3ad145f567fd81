package com.clinicbilling.gateway.system;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import com.clinicbilling.schemas.CreateInvoiceRules.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns a JSON binding failure into a {@link Violation} naming the field as the client wrote it
 * ({@code lineItems[1].quantity}). Jackson's own messages are not passed on: they name our classes
 * and may quote the body.
 */
final class JsonErrors {

	/** The field name used when the failure is not about one field (broken syntax, empty body). */
	static final String WHOLE_BODY = "body";

	private JsonErrors() {
	}

	static List<Violation> describe(Throwable cause) {
		if (!(cause instanceof JacksonException json)) {
			return List.of(new Violation(WHOLE_BODY, "is missing or cannot be read"));
		}
		String field = path(json);
		if (json instanceof UnrecognizedPropertyException) {
			return List.of(new Violation(field, "is not a known property"));
		}
		if (json instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
				&& !WHOLE_BODY.equals(field)) {
			return List.of(new Violation(field, expected(mismatch.getTargetType())));
		}
		if (json instanceof StreamReadException read && read.getOriginalMessage().startsWith("Duplicate")
				&& read.processor() != null) {
			return List.of(new Violation(path(read.processor().streamReadContext()), "appears more than once"));
		}
		if (json instanceof InputCoercionException) {
			return List.of(new Violation(field, "is out of range"));
		}
		return List.of(new Violation(field, WHOLE_BODY.equals(field) ? "is not valid JSON" : "cannot be read"));
	}

	private static String path(JacksonException ex) {
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? WHOLE_BODY : path.toString();
	}

	/** The path of the property a parser stands on, for failures that carry no path of their own. */
	private static String path(TokenStreamContext context) {
		StringBuilder path = new StringBuilder();
		for (TokenStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
			String step = at.inArray() ? "[" + at.getCurrentIndex() + "]"
					: ((at.getParent() != null && !at.getParent().inRoot()) ? "." : "") + at.currentName();
			path.insert(0, step);
		}
		return path.isEmpty() ? WHOLE_BODY : path.toString();
	}

	private static String expected(Class<?> type) {
		if (type.isEnum()) {
			return "must be one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList();
		}
		Map<Class<?>, String> names = Map.of(Long.class, "an integer", long.class, "an integer", Integer.class,
				"an integer", int.class, "an integer", String.class, "a string", Instant.class,
				"an ISO-8601 instant such as 2026-02-12T10:00:00Z", Boolean.class, "true or false");
		if (names.containsKey(type)) {
			return "must be " + names.get(type);
		}
		return Collection.class.isAssignableFrom(type) ? "must be an array" : "must be an object";
	}

}
