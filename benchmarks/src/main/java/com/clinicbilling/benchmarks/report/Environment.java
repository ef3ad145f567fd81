package com.clinicbilling.benchmarks.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a result means nothing without: the machine (cores, memory, how loaded it was), the date
 * and the versions of everything measured. Written next to every table.
 */
public final class Environment {

	private static final Logger logger = LoggerFactory.getLogger(Environment.class);

	private final String startedAt = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);

	private final String machine = shell("echo \"nproc: $(nproc)\"; lscpu | head -n 15; free -g; uname -srm");

	private final String loadAtStart = loadAverage();

	private final Map<String, String> versions = new LinkedHashMap<>();

	public Environment() {
		this.versions.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		this.versions.put("Spring Boot", org.springframework.boot.SpringBootVersion.getVersion());
		this.versions.put("Spring Framework", org.springframework.core.SpringVersion.getVersion());
		this.versions.put("Spring for Apache Kafka",
				implementationVersion(org.springframework.kafka.core.KafkaTemplate.class));
		this.versions.put("Kafka (clients and embedded KRaft broker)",
				org.apache.kafka.common.utils.AppInfoParser.getVersion());
		this.versions.put("HikariCP", mavenVersion("com.zaxxer", "HikariCP"));
		this.versions.put("PostgreSQL JDBC", org.postgresql.util.DriverInfo.DRIVER_VERSION);
	}

	/**
	 * Names the jar a class was loaded from, with its date and a hash prefix: the worker under test
	 * is whatever was last installed, and another build may install a newer one at any time.
	 */
	public Environment artifact(String component, Class<?> type) {
		try {
			Path jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
			String hash = java.util.HexFormat.of()
				.formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)))
				.substring(0, 12);
			this.versions.put(component, jar.getFileName() + " (" + Files.getLastModifiedTime(jar) + ", sha256 " + hash + "…)");
		}
		catch (Exception ex) {
			this.versions.put(component, "unknown (" + ex.getClass().getSimpleName() + ")");
		}
		return this;
	}

	/** Adds a version only known at run time, such as the PostgreSQL server's. */
	public Environment version(String component, String version) {
		this.versions.put(component, version);
		return this;
	}

	public String markdown(String command, String loadAtEnd) {
		StringBuilder out = new StringBuilder();
		out.append("- Date: ").append(this.startedAt).append('\n');
		out.append("- Command: `").append(command).append("`\n");
		out.append("- Load average (1/5/15 min) at start: ").append(this.loadAtStart).append(", at end: ")
			.append(loadAtEnd).append(" (the machine is shared: other builds ran at the same time)\n");
		this.versions.forEach((name, version) -> out.append("- ").append(name).append(": ").append(version).append('\n'));
		out.append("\n<details><summary>Machine</summary>\n\n```\n").append(this.machine.strip()).append("\n```\n</details>\n");
		return out.toString();
	}

	public static String loadAverage() {
		try {
			String[] fields = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
			return fields[0] + " / " + fields[1] + " / " + fields[2];
		}
		catch (IOException | RuntimeException ex) {
			return "unknown";
		}
	}

	private static String implementationVersion(Class<?> type) {
		String version = type.getPackage().getImplementationVersion();
		return (version != null) ? version : "unknown";
	}

	/** The version in a jar's Maven metadata, for jars whose manifest has none. */
	private static String mavenVersion(String groupId, String artifactId) {
		String resource = "/META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
		try (var in = Environment.class.getResourceAsStream(resource)) {
			if (in == null) {
				return "unknown";
			}
			java.util.Properties properties = new java.util.Properties();
			properties.load(in);
			return properties.getProperty("version", "unknown");
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	/** Runs a short, read-only shell command; bounded, so a hung tool cannot stall a benchmark. */
	private static String shell(String command) {
		try {
			Process process = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return "(timed out: " + command + ")";
			}
			return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			logger.warn("Could not describe the machine: {}", ex.getMessage());
			return "(unavailable)";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "(interrupted)";
		}
	}

}
