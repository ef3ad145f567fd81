package com.clinicbilling.gateway.admin;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.gateway.Tokens;
import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.DeadLetters;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The gateway and the dead-letter tool on a broker that admits only authenticated clients
 * (SASL_PLAINTEXT, SCRAM-SHA-512): every Kafka client takes the {@code spring.kafka.*} security
 * settings, or the tool's {@code --kafka-config} file; a client with a wrong password is refused.
 * The settings are the README's example ("Secured Kafka and PostgreSQL").
 */
class SecuredKafkaIT {

	static final String USER = "invoice-gateway";

	static final String PASSWORD = "gateway-secret";

	static KafkaClusterTestKit cluster;

	static GatewayClient gateway;

	@TempDir
	static Path folder;

	@BeforeAll
	static void start() throws Exception {
		TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true)
			.setNumBrokerNodes(1)
			.setNumControllerNodes(1)
			.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
			.build();
		// The test kit's brokers talk to each other with PLAIN as its super user; clients use SCRAM.
		cluster = new KafkaClusterTestKit.Builder(nodes).setConfigProp("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512")
			.setConfigProp("listener.name.external.scram-sha-512.sasl.jaas.config",
					"org.apache.kafka.common.security.scram.ScramLoginModule required;")
			.setConfigProp("allow.everyone.if.no.acl.found", "true")
			.setConfigProp("num.partitions", "6")
			.setConfigProp("offsets.topic.replication.factor", "1")
			.setConfigProp("transaction.state.log.replication.factor", "1")
			.setConfigProp("transaction.state.log.min.isr", "1")
			.setConfigProp("group.initial.rebalance.delay.ms", "0")
			.build();
		cluster.format();
		cluster.startup();
		cluster.waitForReadyBrokers();
		try (Admin admin = Admin.create(superUser())) {
			admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
					new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), PASSWORD)))
				.all()
				.get();
		}
		gateway = GatewayClient.start(cluster.bootstrapServers(), "--spring.kafka.security.protocol=SASL_PLAINTEXT",
				"--spring.kafka.properties.sasl.mechanism=SCRAM-SHA-512",
				"--spring.kafka.properties.sasl.jaas.config=" + jaas(USER, PASSWORD),
				"--invoice.gateway.pipeline.check-interval=200ms");
		await().atMost(Duration.ofSeconds(60))
			.until(() -> gateway.get(null, "/actuator/health/readiness").statusCode() == 200);
	}

	@AfterAll
	static void stop() throws Exception {
		if (gateway != null) {
			gateway.close();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void submitsACommandAndServesTheStatusReadBack() throws Exception {
		String key = UUID.randomUUID().toString();
		String writer = Tokens.forClinic(1, "invoices:write", "invoices:read");

		var accepted = gateway.submit(writer, key, "{\"patientId\": 101, \"lineItems\": [{\"productId\": 1, \"quantity\": 2}]}");

		assertThat(accepted.statusCode()).as(accepted.headers() + accepted.body()).isEqualTo(202);
		String requestId = JsonPath.read(accepted.body(), "$.requestId");
		CreateInvoice command = AvroSerde.createInvoice().decode(last(Topics.COMMANDS, "1:" + key).value());
		assertThat(command.getRequestId()).isEqualTo(requestId);

		// The command is the PENDING status; the worker's final one is built on it.
		RequestStatus created = KafkaTestSupport.finalStatus(command, RequestState.CREATED)
			.setInvoice(new InvoiceSummary(7L, InvoiceStatus.OPEN, 100L, 100L, 0L, "usd", null))
			.build();
		send(Topics.REQUEST_STATUS, requestId, AvroSerde.requestStatus().encode(created), null);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
				(String) JsonPath.read(gateway.get(writer, "/v1/invoice-requests/" + requestId).body(), "$.status"))
			.isEqualTo("CREATED"));
	}

	@Test
	void watchesTheWorkersOffsetsWithItsAdminClient() {
		MeterRegistry registry = gateway.bean(MeterRegistry.class);

		// One gauge for each of the 6 partitions of both lanes.
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(registry.find("invoice.pipeline.partition.stalled.seconds").gauges())
				.hasSize(6 * Topics.COMMAND_TOPICS.size()));
	}

	@Test
	void listsDeadLettersThroughTheApiAndTheTool() throws Exception {
		String key = "1:dead-" + UUID.randomUUID();
		send(Topics.COMMANDS_DEAD_LETTER, key, "not avro".getBytes(StandardCharsets.UTF_8), DeadLetters.UNDECODABLE);

		String page = gateway.get(Tokens.forClinic(1, "invoices:admin"), "/v1/admin/dead-letters").body();
		Path config = Files.writeString(folder.resolve("client.properties"), """
				bootstrap.servers=%s
				security.protocol=SASL_PLAINTEXT
				sasl.mechanism=SCRAM-SHA-512
				sasl.jaas.config=%s
				""".formatted(cluster.bootstrapServers(), jaas(USER, PASSWORD)));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		int exit = DeadLetterTool.run(new String[] { "list", "--kafka-config", config.toString() },
				new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

		assertThat((List<String>) JsonPath.read(page, "$.items[*].errorCode")).contains("undecodable");
		assertThat(exit).isZero();
		assertThat(out.toString(StandardCharsets.UTF_8)).contains("undecodable");
	}

	@Test
	void givesAClientWithoutCredentialsNothing() {
		Map<String, Object> config = new HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
				cluster.bootstrapServers(), ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000));

		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			assertThatThrownBy(() -> consumer.partitionsFor(Topics.COMMANDS))
				.isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
		}
	}

	@Test
	void refusesAClientWithAWrongPassword() {
		Map<String, Object> config = client(USER, "not-the-password");
		config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);

		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			assertThatThrownBy(() -> consumer.partitionsFor(Topics.COMMANDS))
				.isInstanceOf(SaslAuthenticationException.class);
		}
	}

	private static Map<String, Object> superUser() {
		return client("plain-admin", "plain-admin-secret", "PLAIN",
				"org.apache.kafka.common.security.plain.PlainLoginModule");
	}

	private static Map<String, Object> client(String user, String password) {
		return client(user, password, "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");
	}

	private static Map<String, Object> client(String user, String password, String mechanism, String module) {
		Map<String, Object> config = new HashMap<>();
		config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
		config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
		config.put(SaslConfigs.SASL_MECHANISM, mechanism);
		config.put(SaslConfigs.SASL_JAAS_CONFIG,
				module + " required username=\"" + user + "\" password=\"" + password + "\";");
		return config;
	}

	private static String jaas(String user, String password) {
		return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
				+ "\" password=\"" + password + "\";";
	}

	private static void send(String topic, String key, byte[] value, String errorCode) throws Exception {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(superUser(), new StringSerializer(),
				new ByteArraySerializer())) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
			if (errorCode != null) {
				record.headers().add(new RecordHeader(DeadLetters.ERROR_CODE_HEADER, errorCode.getBytes()));
			}
			producer.send(record).get();
		}
	}

	/** The last committed record of a topic with this key. */
	private static ConsumerRecord<String, byte[]> last(String topic, String key) {
		return KafkaTestSupport.readAll(superUser(), topic)
			.stream()
			.filter((r) -> key.equals(r.key()))
			.reduce((a, b) -> b)
			.orElseThrow();
	}

}
