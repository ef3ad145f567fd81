package com.clinicbilling.benchmarks.worker;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the worker's connections spend a drain, from samples of {@code pg_stat_activity}: a
 * profile from the database's side that needs nothing of the worker. A connection is "outside a
 * transaction" while its thread polls Kafka, decodes, publishes statuses or commits offsets;
 * "idle in transaction" while the thread works between two statements of its transaction.
 */
final class ConnectionActivity {

	enum Category {

		OUTSIDE_TRANSACTION("outside tx (Kafka, decode, publish)"),

		JVM_IN_TRANSACTION("idle in tx (worker between statements)"),

		POSTGRES_RUNNING("active, running"),

		LOCK_WAIT("active, lock wait"),

		POSTGRES_WAITING("active, I/O or WAL wait");

		final String label;

		Category(String label) {
			this.label = label;
		}

	}

	private final Map<Category, Integer> categories = new EnumMap<>(Category.class);

	private final Map<String, Integer> details = new TreeMap<>();

	private int samples;

	void add(String state, String waitEventType, String waitEvent) {
		this.samples++;
		this.categories.merge(categorize(state, waitEventType), 1, Integer::sum);
		this.details.merge(state + ((waitEvent != null) ? "/" + waitEventType + ":" + waitEvent : ""), 1, Integer::sum);
	}

	static Category categorize(String state, String waitEventType) {
		if ("idle in transaction".equals(state)) {
			return Category.JVM_IN_TRANSACTION;
		}
		if (!"active".equals(state)) {
			return Category.OUTSIDE_TRANSACTION;
		}
		if (waitEventType == null) {
			return Category.POSTGRES_RUNNING;
		}
		return "Lock".equals(waitEventType) ? Category.LOCK_WAIT : Category.POSTGRES_WAITING;
	}

	void addAll(ConnectionActivity other) {
		this.samples += other.samples;
		other.categories.forEach((k, v) -> this.categories.merge(k, v, Integer::sum));
		other.details.forEach((k, v) -> this.details.merge(k, v, Integer::sum));
	}

	int samples() {
		return this.samples;
	}

	double share(Category category) {
		return (this.samples == 0) ? Double.NaN : this.categories.getOrDefault(category, 0) / (double) this.samples;
	}

	/** Each state and wait event seen, with its share, most frequent first. */
	String details() {
		StringBuilder out = new StringBuilder();
		this.details.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.limit(8)
			.forEach((e) -> out.append((out.length() == 0) ? "" : ", ")
				.append(e.getKey())
				.append(' ')
				.append(Math.round(100.0 * e.getValue() / this.samples))
				.append('%'));
		return out.toString();
	}

}
