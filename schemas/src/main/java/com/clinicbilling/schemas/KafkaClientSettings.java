package com.clinicbilling.schemas;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Kafka client settings of the command-line tools (dead letters, Stripe backfill), which run
 * without Spring: the bootstrap servers and a Kafka client properties file holding what a secured
 * cluster needs ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}), given with
 * {@code --kafka-config} or {@code INVOICE_KAFKA_CONFIG}. The applications get the same from
 * {@code spring.kafka.*}. Every client a tool opens starts from {@link #clientConfig()}, so none can
 * leave the security settings behind.
 *
 * @param bootstrapServers where the cluster is
 * @param clientProperties the file's properties, as Kafka clients take them
 */
public record KafkaClientSettings(String bootstrapServers, Map<String, String> clientProperties) {

	/** Names the file of client properties when no {@code --kafka-config} is given. */
	public static final String CONFIG_ENV = "INVOICE_KAFKA_CONFIG";

	/** Names the bootstrap servers when neither an option nor the file does. */
	public static final String BOOTSTRAP_ENV = "INVOICE_KAFKA_BOOTSTRAP";

	private static final String DEFAULT_BOOTSTRAP = "127.0.0.1:19092";

	public KafkaClientSettings {
		clientProperties = Map.copyOf(clientProperties);
	}

	/**
	 * The settings of a tool's run. Bootstrap servers: the option, else the file's
	 * {@code bootstrap.servers}, else {@code INVOICE_KAFKA_BOOTSTRAP}, else 127.0.0.1:19092.
	 * @param bootstrapOption {@code --bootstrap}/{@code --kafka}, or null
	 * @param configOption {@code --kafka-config}, or null
	 * @throws IllegalArgumentException when the file cannot be read
	 */
	public static KafkaClientSettings of(String bootstrapOption, String configOption, Map<String, String> env) {
		String file = (configOption != null) ? configOption : env.get(CONFIG_ENV);
		Map<String, String> properties = (file != null && !file.isBlank()) ? read(Path.of(file)) : Map.of();
		String bootstrap = (bootstrapOption != null) ? bootstrapOption
				: properties.getOrDefault(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
						env.getOrDefault(BOOTSTRAP_ENV, DEFAULT_BOOTSTRAP));
		return new KafkaClientSettings(bootstrap, properties);
	}

	/** A new, modifiable map for one client: the file's properties and the bootstrap servers. */
	public Map<String, Object> clientConfig() {
		Map<String, Object> config = new HashMap<>(this.clientProperties);
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		return config;
	}

	@Override
	public String toString() {
		// The file may hold a password (sasl.jaas.config, ssl.*.password): names only.
		return "KafkaClientSettings[bootstrapServers=" + this.bootstrapServers + ", clientProperties="
				+ this.clientProperties.keySet() + "]";
	}

	private static Map<String, String> read(Path file) {
		Properties properties = new Properties();
		try (Reader reader = Files.newBufferedReader(file)) {
			properties.load(reader);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("--kafka-config " + file + " cannot be read: " + ex, ex);
		}
		Map<String, String> values = new HashMap<>();
		properties.stringPropertyNames().forEach((name) -> values.put(name, properties.getProperty(name).strip()));
		return values;
	}

}
