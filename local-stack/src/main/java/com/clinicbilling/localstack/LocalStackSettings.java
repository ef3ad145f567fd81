package com.clinicbilling.localstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * The local stack's settings, from the environment, with the contract's defaults
 * ("Running it locally").
 *
 * @param gatewayPort {@code SERVER_PORT}, default 8080
 * @param workerPort {@code INVOICE_WORKER_PORT}, default 8081: the worker's actuator
 * @param postgresPort {@code INVOICE_LOCAL_PG_PORT}, default 15432
 * @param kafkaPort {@code INVOICE_LOCAL_KAFKA_PORT}, default 19092
 * @param dataDir {@code INVOICE_LOCAL_DATA}, default {@code ./.local-data}; reused on restart
 * @param jwtSecret {@code INVOICE_JWT_SECRET}; null when unset, and the stack makes one
 * @param databaseUrl {@code INVOICE_LOCAL_DB_URL}: the JDBC URL of a PostgreSQL to use instead of
 * starting one (user and password {@code invoice}); null when unset. The benchmarks use it to put
 * a network delay between the worker and PostgreSQL.
 */
record LocalStackSettings(int gatewayPort, int workerPort, int postgresPort, int kafkaPort, Path dataDir,
		String jwtSecret, String databaseUrl) {

	LocalStackSettings {
		if (databaseUrl != null && !databaseUrl.startsWith("jdbc:postgresql:")) {
			throw new IllegalArgumentException(
					"INVOICE_LOCAL_DB_URL must be a PostgreSQL JDBC URL (jdbc:postgresql://...), was '" + databaseUrl + "'");
		}
	}

	static LocalStackSettings from(Map<String, String> env) {
		return new LocalStackSettings(port(env, "SERVER_PORT", 8080), port(env, "INVOICE_WORKER_PORT", 8081),
				port(env, "INVOICE_LOCAL_PG_PORT", 15432), port(env, "INVOICE_LOCAL_KAFKA_PORT", 19092),
				Path.of(env.getOrDefault("INVOICE_LOCAL_DATA", ".local-data")).toAbsolutePath().normalize(),
				blankToNull(env.get("INVOICE_JWT_SECRET")), blankToNull(env.get("INVOICE_LOCAL_DB_URL")));
	}

	private static int port(Map<String, String> env, String name, int defaultPort) {
		String value = env.get(name);
		if (value == null || value.isBlank()) {
			return defaultPort;
		}
		try {
			int port = Integer.parseInt(value.trim());
			if (port < 0 || port > 65535) {
				throw new NumberFormatException();
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + " must be a TCP port (0-65535), was '" + value + "'");
		}
	}

	private static String blankToNull(String value) {
		return (value == null || value.isBlank()) ? null : value;
	}

}
