package com.clinicbilling.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;

/**
 * The manifests under {@code k8s/}, parsed strictly into the fabric8 Kubernetes model.
 *
 * <p>fabric8 is lenient by design: every model class collects unknown fields in
 * {@code additionalProperties} (a Jackson any-setter), so a misspelled {@code readinesProbe} would
 * parse and be silently dropped by the API server. Here the any-setters are switched off and unknown
 * properties fail, and a kind the model does not know (parsed as a generic resource) is refused,
 * except the operators' kinds of {@link #CUSTOM_KINDS} (Strimzi, Prometheus Operator), whose
 * top-level fields and {@code spec} fields are checked against what those kinds define.
 */
final class KubernetesManifests {

	static final String DIRECTORY = "k8s";

	/** The migration Job, a kustomization of its own applied before each release. */
	static final String MIGRATION_DIRECTORY = "k8s/migration";

	/** Read by kubectl -k, not a Kubernetes resource. */
	static final String KUSTOMIZATION = "kustomization.yaml";

	/** Operator resources used here, by apiVersion and kind: the fields their {@code spec} may have. */
	static final Map<String, Set<String>> CUSTOM_KINDS = Map.of(
			"kafka.strimzi.io/v1beta2 KafkaTopic", Set.of("topicName", "partitions", "replicas", "config"),
			"monitoring.coreos.com/v1 PodMonitor",
			Set.of("selector", "namespaceSelector", "podMetricsEndpoints", "jobLabel", "podTargetLabels"),
			"monitoring.coreos.com/v1 PrometheusRule", Set.of("groups"));

	private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata", "spec");

	private static final KubernetesSerialization LENIENT = new KubernetesSerialization();

	private static final KubernetesSerialization STRICT = new KubernetesSerialization(strictMapper(), true);

	private final Map<Path, List<HasMetadata>> resourcesByFile;

	private KubernetesManifests(Map<Path, List<HasMetadata>> resourcesByFile) {
		this.resourcesByFile = resourcesByFile;
	}

	static KubernetesManifests load() {
		return load(DIRECTORY);
	}

	static KubernetesManifests load(String directory) {
		Map<Path, List<HasMetadata>> byFile = new TreeMap<>();
		for (Path file : manifestFiles(directory)) {
			byFile.put(file, parse(RepositoryFiles.read(file)));
		}
		return new KubernetesManifests(byFile);
	}

	/** Every {@code *.yaml} under k8s/ except the kustomization, sorted. */
	static List<Path> manifestFiles() {
		return manifestFiles(DIRECTORY);
	}

	/** Every {@code *.yaml} of one folder except the kustomization, sorted. */
	static List<Path> manifestFiles(String directory) {
		try (Stream<Path> files = Files.list(RepositoryFiles.resolve(directory))) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".yaml"))
				.filter((file) -> !file.getFileName().toString().equals(KUSTOMIZATION))
				.sorted()
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Parses one file of one or more YAML documents.
	 * @throws IllegalArgumentException for an unknown field, a wrong type or an unknown kind
	 */
	static List<HasMetadata> parse(String yaml) {
		List<HasMetadata> resources = new ArrayList<>();
		for (Object loaded : new Yaml().loadAll(yaml)) {
			if (loaded == null) {
				continue;
			}
			Map<String, Object> document = YamlTree.asMap(loaded);
			String kind = document.get("apiVersion") + " " + document.get("kind");
			if (CUSTOM_KINDS.containsKey(kind)) {
				resources.add(custom(kind, document));
				continue;
			}
			Object parsed = STRICT.unmarshal(new Yaml().dump(document));
			if (!(parsed instanceof HasMetadata resource) || parsed instanceof GenericKubernetesResource) {
				throw new IllegalArgumentException("Not a kind of the Kubernetes model: " + parsed);
			}
			resources.add(resource);
		}
		return resources;
	}

	private static GenericKubernetesResource custom(String kind, Map<String, Object> document) {
		Set<String> unknown = new TreeSet<>(document.keySet());
		unknown.removeAll(TOP_LEVEL);
		Object spec = document.get("spec");
		if (spec instanceof Map<?, ?> fields) {
			fields.keySet().stream().map(String::valueOf).filter((field) -> !CUSTOM_KINDS.get(kind).contains(field))
				.forEach((field) -> unknown.add("spec." + field));
		}
		if (!unknown.isEmpty()) {
			throw new IllegalArgumentException("Unknown field(s) of " + kind + ": " + unknown);
		}
		return LENIENT.convertValue(document, GenericKubernetesResource.class);
	}

	Map<Path, List<HasMetadata>> byFile() {
		return this.resourcesByFile;
	}

	List<HasMetadata> all() {
		return this.resourcesByFile.values().stream().flatMap(List::stream).toList();
	}

	<T extends HasMetadata> List<T> all(Class<T> kind) {
		return all().stream().filter(kind::isInstance).map(kind::cast).toList();
	}

	/** The operator resources of one kind, e.g. {@code KafkaTopic}. */
	List<GenericKubernetesResource> custom(String kind) {
		return all(GenericKubernetesResource.class).stream().filter((resource) -> kind.equals(resource.getKind())).toList();
	}

	<T extends HasMetadata> T named(Class<T> kind, String name) {
		return all(kind).stream()
			.filter((resource) -> name.equals(resource.getMetadata().getName()))
			.findFirst()
			.orElseThrow(() -> new NoSuchElementException("No " + kind.getSimpleName() + " named " + name));
	}

	private static JsonMapper strictMapper() {
		return JsonMapper.builder().annotationIntrospector(new JacksonAnnotationIntrospector() {

			@Override
			public Boolean hasAnySetter(MapperConfig<?> config, Annotated annotated) {
				return Boolean.FALSE;
			}

		}).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
	}

}
