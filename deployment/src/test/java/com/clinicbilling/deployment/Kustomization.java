package com.clinicbilling.deployment;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/**
 * {@code k8s/kustomization.yaml}: its resources and the Secrets its {@code secretGenerator} makes
 * from {@code .env} files that are kept out of git; the tests read their committed {@code .example}.
 */
record Kustomization(String directory, Map<String, Object> root) {

	static final String EXAMPLE_SUFFIX = ".example";

	static Kustomization load() {
		return load(KubernetesManifests.DIRECTORY);
	}

	static Kustomization load(String directory) {
		return new Kustomization(directory,
				new Yaml().load(RepositoryFiles.read(directory + "/" + KubernetesManifests.KUSTOMIZATION)));
	}

	List<String> resources() {
		return YamlTree.list(this.root, "resources").stream().map(String::valueOf).toList();
	}

	/** Generated Secret name to its env files, relative to k8s/. */
	Map<String, List<String>> secretEnvFiles() {
		Map<String, List<String>> secrets = new LinkedHashMap<>();
		for (Object generator : YamlTree.list(this.root, "secretGenerator")) {
			Map<String, Object> secret = YamlTree.asMap(generator);
			secrets.put(String.valueOf(secret.get("name")),
					YamlTree.list(secret, "envs").stream().map(String::valueOf).toList());
		}
		return secrets;
	}

	/** The keys and example values of a generated Secret, read from the committed examples. */
	Map<String, String> secretExample(String name) {
		List<String> files = secretEnvFiles().get(name);
		if (files == null) {
			throw new AssertionError("No generated Secret " + name);
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (String file : files) {
			values.putAll(envFile(example(file)));
		}
		return values;
	}

	Path example(String envFile) {
		return RepositoryFiles.resolve(this.directory).resolve(envFile + EXAMPLE_SUFFIX);
	}

	/** KEY=VALUE lines, as kustomize reads them (comments and blank lines skipped). */
	static Map<String, String> envFile(Path file) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String line : RepositoryFiles.read(file).split("\n")) {
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			int equals = trimmed.indexOf('=');
			if (equals < 1) {
				throw new AssertionError(file + ": not KEY=VALUE: " + trimmed);
			}
			values.put(trimmed.substring(0, equals), trimmed.substring(equals + 1));
		}
		return values;
	}

}
