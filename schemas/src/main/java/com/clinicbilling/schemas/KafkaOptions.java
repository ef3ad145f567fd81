package com.clinicbilling.schemas;

import java.util.Map;

import picocli.CommandLine.Option;

/**
 * Where a tool's Kafka is, as a picocli {@code @Mixin} of the operators' tools (the dead-letter tool,
 * the Stripe backfill): bootstrap servers and a secured cluster's client properties, read as
 * {@link KafkaClientSettings#of} reads them. Needs picocli on the tool's class path (an optional
 * dependency of this module).
 */
public final class KafkaOptions {

	/** Two names: the dead-letter tool has always said {@code --bootstrap}, the backfill {@code --kafka}. */
	@Option(names = { "--bootstrap", "--kafka" },
			description = "Kafka bootstrap servers (default $INVOICE_KAFKA_BOOTSTRAP, else 127.0.0.1:19092)")
	private String bootstrap;

	@Option(names = "--kafka-config", description = "a Kafka client properties file for a secured cluster: "
			+ "security.protocol, sasl.*, ssl.* (default $INVOICE_KAFKA_CONFIG)")
	private String config;

	/** @throws IllegalArgumentException when the properties file cannot be read */
	public KafkaClientSettings settings(Map<String, String> env) {
		return KafkaClientSettings.of(this.bootstrap, this.config, env);
	}

}
