package com.clinicbilling.deployment;

import java.util.List;
import java.util.Map;

/** Typed steps through a document as SnakeYAML loads it (maps, lists, scalars). */
final class YamlTree {

	private YamlTree() {
	}

	static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		if (!(value instanceof Map)) {
			throw new AssertionError("Expected a mapping at '" + key + "', found " + value);
		}
		return asMap(value);
	}

	static List<Object> list(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		if (!(value instanceof List)) {
			throw new AssertionError("Expected a sequence at '" + key + "', found " + value);
		}
		@SuppressWarnings("unchecked")
		List<Object> list = (List<Object>) value;
		return list;
	}

	static Map<String, Object> asMap(Object value) {
		@SuppressWarnings("unchecked")
		Map<String, Object> map = (Map<String, Object>) value;
		return map;
	}

}
