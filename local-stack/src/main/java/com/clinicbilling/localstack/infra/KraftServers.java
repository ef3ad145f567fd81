package com.clinicbilling.localstack.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import kafka.server.Server;
import kafka.tools.StorageTool;
import org.apache.kafka.common.utils.Time;

/**
 * Formats and builds a KRaft server the way {@code kafka-storage.sh format} and {@code kafka-server-start.sh} do.
 * <p>
 * kafka_2.13's POM puts kafka-server, kafka-metadata and kafka-server-common in runtime scope, so
 * {@code KafkaConfig} (whose superclass lives in kafka-server) and the {@code Formatter} cannot be compiled
 * against here: the server is built reflectively and the storage formatted through the storage tool's entry
 * point, which runs the same {@code Formatter}.
 */
final class KraftServers {

	private KraftServers() {
	}

	/**
	 * Formats the log folders named in {@code settings} for a new cluster. Like the tool's default, the
	 * bootstrap metadata version is the latest production one; the returned output names it.
	 */
	static String format(Map<String, String> settings, String clusterId) {
		Path configFile = writeTemporaryConfig(settings);
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
			int exitCode = StorageTool.execute(new String[] { "format", "--cluster-id", clusterId, "--config",
					configFile.toString() }, printStream);
			if (exitCode != 0) {
				throw new IllegalStateException("Formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
			}
			return output.toString(StandardCharsets.UTF_8).trim();
		}
		finally {
			deleteQuietly(configFile);
		}
	}

	/** {@code new KafkaRaftServer(new KafkaConfig(settings, false), Time.SYSTEM)}, not started yet. */
	static Server create(Map<String, String> settings) {
		try {
			Class<?> configClass = Class.forName("kafka.server.KafkaConfig");
			Object config = configClass.getConstructor(Map.class, boolean.class).newInstance(settings, false);
			return (Server) Class.forName("kafka.server.KafkaRaftServer")
				.getConstructor(configClass, Time.class)
				.newInstance(config, Time.SYSTEM);
		}
		catch (InvocationTargetException ex) {
			// Invalid settings surface here as a ConfigException: rethrow it as is.
			if (ex.getCause() instanceof RuntimeException runtimeException) {
				throw runtimeException;
			}
			throw new IllegalStateException("Could not create the Kafka server", ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Kafka server classes not found: is kafka_2.13 on the runtime classpath?", ex);
		}
	}

	private static Path writeTemporaryConfig(Map<String, String> settings) {
		Properties properties = new Properties();
		properties.putAll(settings);
		try {
			Path file = Files.createTempFile("local-kafka-", ".properties");
			try (OutputStream out = Files.newOutputStream(file)) {
				properties.store(out, "local-stack Kafka broker");
			}
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write a temporary Kafka config file", ex);
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// A leftover file in the temp folder is harmless.
		}
	}

}
