package com.clinicbilling.gateway.admin;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.clinicbilling.gateway.submit.KafkaCommandPublisher;
import com.clinicbilling.schemas.KafkaClientSettings;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The operators' dead-letter tool: lists and replays dead letters of every clinic (or one), straight
 * on Kafka, with the same query and replay as the admin API.
 *
 * <pre>
 * bin/dead-letters list   [--clinic N] [--error CODE] [--from ISO] [--to ISO] [--request-ids a,b]
 * bin/dead-letters replay [same filters] [--dry-run]
 * </pre>
 * Kafka is {@code --bootstrap host:port}, else {@code INVOICE_KAFKA_BOOTSTRAP}, else 127.0.0.1:19092; a
 * secured cluster's client settings come from {@code --kafka-config file} or {@code INVOICE_KAFKA_CONFIG}.
 * Its output is its interface, hence standard out rather than a logger.
 */
public final class DeadLetterTool {

	private DeadLetterTool() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		if (args.length == 0 || !List.of("list", "replay").contains(args[0])) {
			err.println("usage: dead-letters list|replay [--clinic N] [--error CODE] [--from ISO-8601] [--to ISO-8601]"
					+ " [--request-ids a,b] [--dry-run] [--bootstrap host:port] [--kafka-config client.properties]");
			return 2;
		}
		Map<String, String> options;
		DeadLetterQuery query;
		KafkaClientSettings kafka;
		try {
			options = options(Arrays.copyOfRange(args, 1, args.length));
			query = new DeadLetterQuery(options.containsKey("clinic") ? Long.valueOf(options.get("clinic")) : null,
					options.containsKey("request-ids") ? List.of(options.get("request-ids").split(",")) : null,
					options.containsKey("from") ? Instant.parse(options.get("from")) : null,
					options.containsKey("to") ? Instant.parse(options.get("to")) : null, options.get("error"));
			kafka = kafkaSettings(options, System.getenv());
		}
		catch (RuntimeException ex) {
			err.println("bad option: " + ex.getMessage());
			return 2;
		}
		DeadLetterLog log = new DeadLetterLog(kafka.clientConfig(), 1_000_000, Duration.ofSeconds(30));
		if (args[0].equals("list")) {
			List<DeadLetter> letters = log.find(query.asPredicate());
			out.printf("%-12s %-8s %-38s %-15s %-24s %s%n", "id", "clinic", "requestId", "error", "failedAt", "attempts");
			letters.forEach((l) -> out.printf("%-12s %-8s %-38s %-15s %-24s %d%n", l.id(), l.clinicId(), l.requestId(),
					l.errorCode(), l.failedAt(), l.attempts()));
			out.printf("%d dead letters%n", letters.size());
			return 0;
		}
		DefaultKafkaProducerFactory<String, byte[]> producers = producers(kafka);
		try {
			DeadLetterReplay replay = new DeadLetterReplay(log,
					new KafkaCommandPublisher(new KafkaTemplate<>(producers), Duration.ofSeconds(5)), Clock.systemUTC());
			DeadLetterReplay.Result result = replay.replay(query, options.containsKey("dry-run"));
			out.printf("matched %d, replayed %d, not replayable %d%n", result.matched(), result.replayed(),
					result.notReplayable());
			return 0;
		}
		finally {
			producers.destroy();
		}
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--")) {
				throw new IllegalArgumentException(args[i]);
			}
			String name = args[i].substring(2);
			boolean flag = name.equals("dry-run");
			if (!flag && i + 1 >= args.length) {
				throw new IllegalArgumentException(args[i] + " needs a value");
			}
			options.put(name, flag ? "true" : args[++i]);
		}
		return options;
	}

	/**
	 * Every Kafka client of the tool starts from these: {@code --bootstrap} and {@code --kafka-config}
	 * (a Kafka client properties file with the cluster's security settings), else
	 * {@code INVOICE_KAFKA_BOOTSTRAP} and {@code INVOICE_KAFKA_CONFIG}.
	 */
	static KafkaClientSettings kafkaSettings(Map<String, String> options, Map<String, String> env) {
		return KafkaClientSettings.of(options.get("bootstrap"), options.get("kafka-config"), env);
	}

	private static DefaultKafkaProducerFactory<String, byte[]> producers(KafkaClientSettings kafka) {
		Map<String, Object> config = kafka.clientConfig();
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config,
				new StringSerializer(), new ByteArraySerializer());
		return factory;
	}

}
