package com.clinicbilling.stripe;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Null-safe reads of the few fields the mapping needs; absent and JSON {@code null} are alike. */
final class Json {

	private Json() {
	}

	static JsonObject object(JsonObject parent, String name) {
		JsonElement value = value(parent, name);
		return (value != null && value.isJsonObject()) ? value.getAsJsonObject() : null;
	}

	static JsonArray array(JsonObject parent, String name) {
		JsonElement value = value(parent, name);
		return (value != null && value.isJsonArray()) ? value.getAsJsonArray() : null;
	}

	static String string(JsonObject parent, String name) {
		JsonElement value = value(parent, name);
		return (value != null && value.isJsonPrimitive()) ? value.getAsString() : null;
	}

	static Long number(JsonObject parent, String name) {
		JsonElement value = value(parent, name);
		if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
			return null;
		}
		return value.getAsLong();
	}

	static boolean isTrue(JsonObject parent, String name) {
		JsonElement value = value(parent, name);
		return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()
				&& value.getAsBoolean();
	}

	private static JsonElement value(JsonObject parent, String name) {
		if (parent == null) {
			return null;
		}
		JsonElement value = parent.get(name);
		return (value == null || value.isJsonNull()) ? null : value;
	}

}
