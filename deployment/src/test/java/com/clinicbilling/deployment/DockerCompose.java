package com.clinicbilling.deployment;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml as SnakeYAML reads it, with typed access to what the tests look at. */
record DockerCompose(Map<String, Object> root) {

	static DockerCompose load() {
		return new DockerCompose(new Yaml().load(RepositoryFiles.read("docker-compose.yml")));
	}

	Map<String, Object> services() {
		return YamlTree.map(this.root, "services");
	}

	Map<String, Object> service(String name) {
		return YamlTree.map(services(), name);
	}

	/** {@code environment} in its map form ({@code KEY: value}). */
	Map<String, Object> environment(String service) {
		return YamlTree.map(service(service), "environment");
	}

	/** {@code depends_on} in its long form: service name to {@code condition}. */
	Map<String, Object> dependsOn(String service) {
		return YamlTree.map(service(service), "depends_on");
	}

	List<Path> buildContexts() {
		return services().values().stream()
			.map(YamlTree::asMap)
			.filter((service) -> service.containsKey("build"))
			.map((service) -> String.valueOf(YamlTree.map(service, "build").get("context")))
			.map((context) -> RepositoryFiles.root().resolve(context).normalize())
			.toList();
	}

}
