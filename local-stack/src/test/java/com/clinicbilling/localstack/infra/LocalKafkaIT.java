package com.clinicbilling.localstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalKafkaIT extends ChildJvmStoreTest {

	private static final String TOPIC = "local-kafka-it";

	@Test
	void recordsSurviveARestartOnTheSameFolder() throws Exception {
		int port = Ports.freePort();
		try (LocalKafka kafka = LocalKafka.start(this.dataDir, port)) {
			assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
			createTopic(kafka.bootstrapServers());
			produce(kafka.bootstrapServers(), Map.of(), "kept");
		}
		try (LocalKafka kafka = LocalKafka.start(this.dataDir, port)) {
			assertThat(readAll(kafka.bootstrapServers(), "read_uncommitted", 1)).containsExactly("kept");
		}
	}

	@Test
	void transactionalProducerCommits() throws Exception {
		try (LocalKafka kafka = LocalKafka.start(this.dataDir, Ports.freePort())) {
			createTopic(kafka.bootstrapServers());
			Map<String, Object> transactional = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "local-kafka-it-tx");
			try (KafkaProducer<String, String> producer = producer(kafka.bootstrapServers(), transactional)) {
				producer.initTransactions();
				producer.beginTransaction();
				producer.send(new ProducerRecord<>(TOPIC, "key", "in-transaction"));
				producer.commitTransaction();
			}
			assertThat(readAll(kafka.bootstrapServers(), "read_committed", 1)).containsExactly("in-transaction");
		}
	}

	@Test
	void startsAgainAfterTheJvmRunningItWasKilled() throws Exception {
		int port = Ports.freePort();
		startChild(KafkaChild.class, this.dataDir.toString(), String.valueOf(port));
		String bootstrapServers = "127.0.0.1:" + port;
		createTopic(bootstrapServers);
		produce(bootstrapServers, Map.of(), "before-kill");

		ChildJvm.kill(this.child);
		assertThat(this.dataDir.resolve(".lock")).as("lock file left behind by the killed broker").exists();

		try (LocalKafka kafka = LocalKafka.start(this.dataDir, port)) {
			assertThat(readAll(kafka.bootstrapServers(), "read_uncommitted", 1)).containsExactly("before-kill");
		}
	}

	@Test
	void refusesAFolderAlreadyInUseInThisProcess() throws Exception {
		try (LocalKafka kafka = LocalKafka.start(this.dataDir, Ports.freePort())) {
			assertThatIllegalStateException().isThrownBy(() -> LocalKafka.start(this.dataDir, Ports.freePort()))
				.withMessageContaining("already in use");
			createTopic(kafka.bootstrapServers());
		}
	}

	private static void createTopic(String bootstrapServers) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
	}

	private static void produce(String bootstrapServers, Map<String, Object> extra, String value) throws Exception {
		try (KafkaProducer<String, String> producer = producer(bootstrapServers, extra)) {
			producer.send(new ProducerRecord<>(TOPIC, "key", value)).get(30, TimeUnit.SECONDS);
		}
	}

	private static KafkaProducer<String, String> producer(String bootstrapServers, Map<String, Object> extra) {
		Map<String, Object> settings = new HashMap<>(extra);
		settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		settings.put(ProducerConfig.ACKS_CONFIG, "all");
		return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
	}

	/** Reads the topic from the beginning (no consumer group) until {@code expected} values arrived. */
	private static List<String> readAll(String bootstrapServers, String isolationLevel, int expected) {
		Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		List<String> values = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings, new StringDeserializer(),
				new StringDeserializer())) {
			List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0));
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			await().atMost(Duration.ofSeconds(20)).until(() -> {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					values.add(record.value());
				}
				return values.size() >= expected;
			});
		}
		return values;
	}

}
