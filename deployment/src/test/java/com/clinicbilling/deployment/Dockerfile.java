package com.clinicbilling.deployment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.yaml.snakeyaml.Yaml;

/**
 * A Dockerfile read into its instructions: enough of the syntax for these images (line
 * continuations, comments, flags, exec-form arrays), not a general parser.
 *
 * @param context the build context, the folder holding the Dockerfile
 * @param instructions the instructions in order
 */
record Dockerfile(Path context, List<Instruction> instructions) {

	static Dockerfile of(String module) {
		Path context = RepositoryFiles.resolve(module);
		return new Dockerfile(context, parse(RepositoryFiles.read(context.resolve("Dockerfile"))));
	}

	static List<Instruction> parse(String text) {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : text.split("\n")) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue; // Docker drops comment lines, also inside a continued instruction.
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			current.append(trimmed);
			instructions.add(Instruction.of(current.toString()));
			current.setLength(0);
		}
		return instructions;
	}

	List<Instruction> all(String keyword) {
		return this.instructions.stream().filter((instruction) -> instruction.keyword().equals(keyword)).toList();
	}

	Optional<Instruction> last(String keyword) {
		List<Instruction> matching = all(keyword);
		return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
	}

	/** Instructions of the last stage, the one that becomes the image. */
	List<Instruction> finalStage() {
		int from = this.instructions.lastIndexOf(last("FROM").orElseThrow());
		return this.instructions.subList(from, this.instructions.size());
	}

	/** {@code ENV} of the final stage, both {@code K=V ...} and legacy {@code K V} forms. */
	Map<String, String> environment() {
		Map<String, String> environment = new LinkedHashMap<>();
		for (Instruction env : finalStage()) {
			if (env.keyword().equals("ENV")) {
				List<String> words = Words.split(env.arguments());
				if (words.size() == 2 && !words.get(0).contains("=")) {
					environment.put(words.get(0), words.get(1));
					continue;
				}
				for (String word : words) {
					int equals = word.indexOf('=');
					environment.put(word.substring(0, equals), word.substring(equals + 1));
				}
			}
		}
		return environment;
	}

	/**
	 * One instruction.
	 *
	 * @param keyword upper case, e.g. {@code COPY}
	 * @param flags leading {@code --name=value} options, e.g. {@code from -> layers}
	 * @param arguments the rest, continuation lines joined
	 */
	record Instruction(String keyword, Map<String, String> flags, String arguments) {

		static Instruction of(String line) {
			String[] keywordAndRest = line.split("\\s+", 2);
			String rest = (keywordAndRest.length > 1) ? keywordAndRest[1].strip() : "";
			Map<String, String> flags = new LinkedHashMap<>();
			while (rest.startsWith("--")) {
				String[] flagAndRest = rest.split("\\s+", 2);
				String flag = flagAndRest[0].substring(2);
				int equals = flag.indexOf('=');
				flags.put((equals < 0) ? flag : flag.substring(0, equals), (equals < 0) ? "" : flag.substring(equals + 1));
				rest = (flagAndRest.length > 1) ? flagAndRest[1].strip() : "";
			}
			return new Instruction(keywordAndRest[0].toUpperCase(Locale.ROOT), flags, rest);
		}

		/** Exec form ({@code ["java", "..."]}) or shell form split on blanks. */
		List<String> words() {
			if (this.arguments.startsWith("[")) {
				// A JSON array is a YAML flow sequence.
				List<?> list = new Yaml().load(this.arguments);
				return list.stream().map(String::valueOf).toList();
			}
			return Words.split(this.arguments);
		}

		/** COPY/ADD: every word but the last. */
		List<String> sources() {
			List<String> words = words();
			return words.subList(0, words.size() - 1);
		}

		String destination() {
			List<String> words = words();
			return words.get(words.size() - 1);
		}

	}

	/** Splits on blanks, keeping double-quoted parts together and dropping the quotes. */
	static final class Words {

		private Words() {
		}

		static List<String> split(String text) {
			List<String> words = new ArrayList<>();
			StringBuilder word = new StringBuilder();
			boolean quoted = false;
			boolean inWord = false;
			for (char c : text.toCharArray()) {
				if (c == '"') {
					quoted = !quoted;
					inWord = true;
				}
				else if (Character.isWhitespace(c) && !quoted) {
					if (inWord) {
						words.add(word.toString());
						word.setLength(0);
						inWord = false;
					}
				}
				else {
					word.append(c);
					inWord = true;
				}
			}
			if (inWord) {
				words.add(word.toString());
			}
			return words;
		}

	}

}
