package com.clinicbilling.benchmarks.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka's own produce rate and latency on the stack's broker, for records of our commands' size:
 * {@code org.apache.kafka.tools.ProducerPerformance} (what {@code kafka-producer-perf-test.sh}
 * runs), in a JVM of its own, at the open-loop rates and unthrottled. A topic of its own with as
 * many partitions as {@code invoice.commands}; {@code acks=all}, the producer's other defaults.
 */
final class KafkaProduceCeiling {

	private static final Logger logger = LoggerFactory.getLogger(KafkaProduceCeiling.class);

	static final String TOPIC = "bench.produce-ceiling";

	/** ProducerPerformance's last line, e.g. "3000 records sent, 992.7 records/sec (0.38 MB/sec), ...". */
	private static final Pattern TOTAL = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\([\\d.]+ MB/sec\\), "
			+ "([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, "
			+ "(\\d+) ms 99.9th\\.");

	/** One run: {@code rate} records/s asked for (-1: as fast as it goes); latencies in ms, send to ack. */
	record Run(int rate, long records, double recordsPerSecond, double p50, double p99, double p999, double max) {

		/** The total that ProducerPerformance prints last (it prints progress lines of the same shape before). */
		static Run parse(int rate, String output) {
			Matcher matcher = TOTAL.matcher(output);
			Run last = null;
			while (matcher.find()) {
				last = new Run(rate, Long.parseLong(matcher.group(1)), Double.parseDouble(matcher.group(2)),
						Double.parseDouble(matcher.group(5)), Double.parseDouble(matcher.group(7)),
						Double.parseDouble(matcher.group(8)), Double.parseDouble(matcher.group(4)));
			}
			if (last == null) {
				throw new IllegalStateException("No ProducerPerformance total in its output:\n" + output);
			}
			return last;
		}

	}

	private KafkaProduceCeiling() {
	}

	/** The average size of the command values the gateway wrote to {@code invoice.commands}. */
	static int commandSize(String bootstrapServers) {
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.ISOLATION_LEVEL_CONFIG,
				"read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topics.COMMANDS)
				.stream()
				.map((p) -> new TopicPartition(p.topic(), p.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long bytes = 0;
			int records = 0;
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (records < 500 && System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					bytes += record.value().length;
					records++;
				}
			}
			if (records == 0) {
				throw new IllegalStateException("No command on " + Topics.COMMANDS + " to take the size of");
			}
			return (int) Math.round((double) bytes / records);
		}
	}

	static List<Run> measure(String bootstrapServers, int recordSize, List<Integer> rates, Duration each,
			long unthrottledRecords, Path logDir) throws Exception {
		createTopic(bootstrapServers);
		List<Run> runs = new ArrayList<>();
		for (int rate : rates) {
			runs.add(run(bootstrapServers, recordSize, rate, rate * each.toSeconds(), logDir));
		}
		runs.add(run(bootstrapServers, recordSize, -1, unthrottledRecords, logDir));
		return runs;
	}

	private static Run run(String bootstrapServers, int recordSize, int rate, long records, Path logDir)
			throws IOException, InterruptedException {
		Path log = logDir.resolve("producer-performance-" + ((rate < 0) ? "max" : rate) + ".log");
		Process process = new ProcessBuilder(ChildJvm.java(),
				"-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.apache.kafka.tools.ProducerPerformance",
				"--topic", TOPIC, "--num-records", Long.toString(records), "--record-size", Integer.toString(recordSize),
				"--throughput", Integer.toString(rate), "--producer-props", "bootstrap.servers=" + bootstrapServers,
				"acks=all")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("ProducerPerformance did not finish in 5 minutes; see " + log);
		}
		Run run = Run.parse(rate, Files.readString(log));
		logger.info("Kafka produce, {} records of {} bytes at {}/s: {} records/s, p50 {} ms, p99 {} ms", records,
				recordSize, (rate < 0) ? "unthrottled" : rate, Math.round(run.recordsPerSecond()), run.p50(), run.p99());
		return run;
	}

	private static void createTopic(String bootstrapServers) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			int partitions = admin.describeTopics(List.of(Topics.COMMANDS))
				.allTopicNames()
				.get(10, TimeUnit.SECONDS)
				.get(Topics.COMMANDS)
				.partitions()
				.size();
			admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get(10, TimeUnit.SECONDS);
		}
	}

}
