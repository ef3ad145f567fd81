package com.clinicbilling.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables an application reads, found in its sources: {@code ${NAME...}}
 * placeholders of its properties files, and the components of its {@code @ConfigurationProperties}
 * records in Spring's environment form ({@code invoice.worker.batch-size} -> {@code INVOICE_WORKER_BATCH_SIZE}).
 *
 * <p>A misspelled variable in a deployment file is otherwise ignored without a word, and the
 * application silently runs on its default.
 */
final class ApplicationSettings {

	/** Spring Boot's own settings and the JVM's; not checked name by name. */
	private static final List<String> STANDARD_PREFIXES = List.of("SERVER_", "SPRING_", "MANAGEMENT_", "LOGGING_");

	/** Named by the API guide (docs/api.md) for the gateway before its code reads it. */
	private static final Set<String> CONTRACT_NAMES = Set.of("STRIPE_WEBHOOK_SECRET");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

	private static final Pattern CONFIGURATION_PROPERTIES = Pattern
		.compile("@ConfigurationProperties\\(\\s*(?:prefix\\s*=\\s*|value\\s*=\\s*)?\"([a-z0-9.-]+)\"\\s*\\)");

	private final Set<String> names;

	private ApplicationSettings(Set<String> names) {
		this.names = names;
	}

	static ApplicationSettings of(String module) {
		Path main = RepositoryFiles.resolve(module).resolve("src/main");
		Set<String> names = new HashSet<>();
		for (Path file : files(main.resolve("resources"), ".properties")) {
			Matcher placeholder = PLACEHOLDER.matcher(RepositoryFiles.read(file));
			while (placeholder.find()) {
				names.add(placeholder.group(1));
			}
		}
		for (Path file : files(main.resolve("java"), ".java")) {
			names.addAll(recordComponents(RepositoryFiles.read(file)));
		}
		return new ApplicationSettings(names);
	}

	boolean reads(String name) {
		return this.names.contains(name) || CONTRACT_NAMES.contains(name) || name.equals("JAVA_TOOL_OPTIONS")
				|| STANDARD_PREFIXES.stream().anyMatch(name::startsWith);
	}

	/** {@code @ConfigurationProperties("a.b") record X(int batchSize)} -> {@code A_B_BATCH_SIZE}. */
	static List<String> recordComponents(String source) {
		List<String> names = new ArrayList<>();
		Matcher annotation = CONFIGURATION_PROPERTIES.matcher(source);
		while (annotation.find()) {
			int record = source.indexOf("record ", annotation.end());
			if (record < 0) {
				continue;
			}
			String prefix = annotation.group(1);
			for (String component : components(source, source.indexOf('(', record))) {
				String kebab = component.replaceAll("([a-z0-9])([A-Z])", "$1-$2");
				names.add((prefix + "." + kebab).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
			}
		}
		return names;
	}

	/** Names of the components in the parameter list opening at {@code open}. */
	private static List<String> components(String source, int open) {
		List<String> names = new ArrayList<>();
		int depth = 0;
		StringBuilder parameter = new StringBuilder();
		for (int i = open + 1; i < source.length(); i++) {
			char c = source.charAt(i);
			if ((c == ',' || c == ')') && depth == 0) {
				names.add(lastIdentifier(parameter.toString()));
				parameter.setLength(0);
				if (c == ')') {
					break;
				}
				continue;
			}
			depth += (c == '(' || c == '<') ? 1 : (c == ')' || c == '>') ? -1 : 0;
			parameter.append(c);
		}
		return names;
	}

	private static String lastIdentifier(String parameter) {
		String[] words = parameter.strip().split("[^A-Za-z0-9_]+");
		return words[words.length - 1];
	}

	private static List<Path> files(Path folder, String suffix) {
		if (!Files.isDirectory(folder)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(folder)) {
			return files.filter((file) -> file.toString().endsWith(suffix)).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
