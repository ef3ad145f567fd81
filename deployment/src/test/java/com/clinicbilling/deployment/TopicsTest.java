package com.clinicbilling.deployment;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.clinicbilling.schemas.Topics;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One list of topics: {@code k8s/kafka-topics.yaml} (Strimzi KafkaTopics) is the declaration of
 * record; docker-compose's {@code kafka-topics} one-shot and the code's {@link Topics#declarations}
 * (what the local stack creates) must declare the same topics with the same partitions, cleanup
 * policy and retention. Replication and min ISR differ by environment only.
 */
class TopicsTest {

	private static final String MIN_ISR = "min.insync.replicas";

	/** {@code topic NAME PARTITIONS CONFIGS} in the one-shot's script. */
	private static final Pattern COMPOSE_TOPIC = Pattern.compile("(?m)^\\s*topic (\\S+) (\\d+) (\\S+)\\s*$");

	private final Map<String, Declared> kubernetes = kubernetesTopics();

	@Test
	void declaresExactlyTheTopicsTheCodeNames() {
		assertThat(this.kubernetes.keySet()).containsExactlyInAnyOrder(Topics.COMMANDS, Topics.COMMANDS_BULK,
				Topics.REQUEST_STATUS, Topics.COMMANDS_DEAD_LETTER, Topics.COMMANDS_BULK_DEAD_LETTER, Topics.STRIPE_SYNC);
		assertThat(this.kubernetes.keySet()).containsExactlyInAnyOrderElementsOf(
				Topics.declarations(1, (short) 1).stream().map(NewTopic::name).toList());
	}

	@Test
	void declaresTheSameSettingsAsTheCodeOfTheLocalStack() {
		int partitions = this.kubernetes.get(Topics.COMMANDS).partitions();
		Map<String, Declared> code = new TreeMap<>();
		for (NewTopic topic : Topics.declarations(partitions, (short) 3)) {
			code.put(topic.name(), new Declared(topic.numPartitions(), topic.replicationFactor(), topic.configs()));
		}

		assertThat(withoutMinIsr(this.kubernetes)).isEqualTo(code);
	}

	@Test
	void replicatesEveryTopicThreeTimesAndAcknowledgesWritesOnTwo() {
		assertThat(this.kubernetes.values()).allSatisfy((topic) -> {
			assertThat(topic.replicas()).isEqualTo(3);
			assertThat(topic.configs()).containsEntry(MIN_ISR, "2");
		});
	}

	@Test
	void keepsDeadLettersLongEnoughToBeReplayedAndStatusesAsLongAsTheGatewayRemembersKeys() {
		assertThat(retention(Topics.COMMANDS_DEAD_LETTER)).isGreaterThanOrEqualTo(Duration.ofDays(30))
			.isGreaterThan(retention(Topics.COMMANDS));
		assertThat(retention(Topics.COMMANDS)).isGreaterThanOrEqualTo(Duration.ofDays(7));
		// Each lane keeps its commands and dead letters as long as the other.
		assertThat(retention(Topics.COMMANDS_BULK)).isEqualTo(retention(Topics.COMMANDS));
		assertThat(retention(Topics.COMMANDS_BULK_DEAD_LETTER)).isEqualTo(retention(Topics.COMMANDS_DEAD_LETTER));
		assertThat(retention(Topics.STRIPE_SYNC)).isGreaterThanOrEqualTo(Duration.ofDays(7));
		// The gateway rebuilds its store of keys from this topic: compacted, kept as long as it remembers.
		assertThat(this.kubernetes.get(Topics.REQUEST_STATUS).configs()).containsEntry("cleanup.policy", "compact,delete");
		assertThat(retention(Topics.REQUEST_STATUS)).isEqualTo(Topics.REQUEST_STATUS_RETENTION)
			.isGreaterThanOrEqualTo(Duration.ofDays(30));
	}

	@Test
	void givesEveryTopicTheSamePartitionCount() {
		// The same partitions everywhere: the Stripe stage is keyed and sized like the intake.
		assertThat(this.kubernetes.values()).extracting(Declared::partitions).containsOnly(6);
	}

	@Test
	void composeCreatesTheSameTopicsOnItsSingleBroker() {
		Map<String, Declared> compose = composeTopics();

		assertThat(compose.values()).allSatisfy((topic) -> {
			assertThat(topic.replicas()).isEqualTo(1);
			assertThat(topic.configs()).containsEntry(MIN_ISR, "1");
		});
		assertThat(withoutMinIsr(compose)).isEqualTo(withReplicas(withoutMinIsr(this.kubernetes), 1));
	}

	@Test
	void composeFailsWhenACreationFails() {
		// The one-shot container must fail when a creation fails, or the applications start regardless.
		assertThat(composeScript()).startsWith("/bin/sh\n-c\nset -e").contains("--if-not-exists", "--add-config");
	}

	private Duration retention(String topic) {
		return Duration.ofMillis(Long.parseLong(this.kubernetes.get(topic).configs().get("retention.ms")));
	}

	private static Map<String, Declared> kubernetesTopics() {
		Map<String, Declared> topics = new TreeMap<>();
		for (GenericKubernetesResource topic : KubernetesManifests.load().custom("KafkaTopic")) {
			Map<String, Object> spec = YamlTree.asMap(topic.getAdditionalProperties().get("spec"));
			String name = (String) spec.getOrDefault("topicName", topic.getMetadata().getName());
			Map<String, String> configs = new TreeMap<>();
			YamlTree.map(spec, "config").forEach((key, value) -> configs.put(key, String.valueOf(value)));
			topics.put(name, new Declared(((Number) spec.get("partitions")).intValue(),
					((Number) spec.get("replicas")).intValue(), configs));
		}
		return topics;
	}

	private static String composeScript() {
		return String.join("\n", YamlTree.list(DockerCompose.load().service("kafka-topics"), "command").stream()
			.map(String::valueOf)
			.toList());
	}

	private static Map<String, Declared> composeTopics() {
		String script = composeScript();
		// Every topic is created with replication factor 1 by the script's topic() function.
		assertThat(script).contains("--partitions \"$$2\" --replication-factor 1");
		Map<String, Declared> topics = new TreeMap<>();
		Matcher line = COMPOSE_TOPIC.matcher(script);
		while (line.find()) {
			topics.put(line.group(1), new Declared(Integer.parseInt(line.group(2)), 1, configs(line.group(3))));
		}
		return topics;
	}

	/** kafka-configs.sh's {@code --add-config}: {@code k=v,k=[a,b]}. */
	static Map<String, String> configs(String addConfig) {
		Map<String, String> configs = new TreeMap<>();
		Matcher entry = Pattern.compile("([a-z.]+)=(\\[[^]]*]|[^,]*)").matcher(addConfig);
		while (entry.find()) {
			configs.put(entry.group(1), entry.group(2).replace("[", "").replace("]", ""));
		}
		return configs;
	}

	private static Map<String, Declared> withoutMinIsr(Map<String, Declared> topics) {
		Map<String, Declared> result = new TreeMap<>();
		topics.forEach((name, topic) -> {
			Map<String, String> configs = new TreeMap<>(topic.configs());
			configs.remove(MIN_ISR);
			result.put(name, new Declared(topic.partitions(), topic.replicas(), configs));
		});
		return result;
	}

	private static Map<String, Declared> withReplicas(Map<String, Declared> topics, int replicas) {
		Map<String, Declared> result = new TreeMap<>();
		topics.forEach((name, topic) -> result.put(name, new Declared(topic.partitions(), replicas, topic.configs())));
		return result;
	}

	record Declared(int partitions, int replicas, Map<String, String> configs) {

		Declared {
			configs = new TreeMap<>(configs);
		}

	}

	@Test
	void readsKafkaConfigsSyntaxWithAListValue() {
		assertThat(configs("cleanup.policy=[compact,delete],retention.ms=604800000,min.insync.replicas=1"))
			.containsExactlyEntriesOf(new TreeMap<>(Map.of("cleanup.policy", "compact,delete", "min.insync.replicas", "1",
					"retention.ms", "604800000")));
	}

}
