package com.clinicbilling.gateway.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.schemas.GroupProgress;
import com.clinicbilling.schemas.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway sees commands nobody finishes in either lane: no worker commits on the command
 * topics, each lane's stall shows as a gauge and a health detail while the gateway stays UP, and
 * clears once the workers' group commits up to the end.
 */
class PipelineStallIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Test
	void showsAPartitionTheWorkersDoNotFinishWithoutLeavingUpAndClearsWhenTheyCatchUp() throws Exception {
		EmbeddedKafkaKraftBroker broker = KafkaTestSupport.startBroker();
		try (GatewayClient gateway = GatewayClient.start(broker.getBrokersAsString(),
				"--invoice.gateway.pipeline.stall-after=1s", "--invoice.gateway.pipeline.check-interval=100ms")) {
			await().atMost(TIMEOUT).until(() -> gateway.get(null, "/actuator/health/readiness").statusCode() == 200);
			KafkaTestSupport.send(broker.getBrokersAsString(), Topics.COMMANDS, "1:stalled", new byte[] { 1 });
			KafkaTestSupport.send(broker.getBrokersAsString(), Topics.COMMANDS_BULK, "1:stalled-bulk", new byte[] { 1 });
			PipelineHealthIndicator pipeline = gateway.bean(PipelineHealthIndicator.class);
			MeterRegistry meters = gateway.bean(MeterRegistry.class);

			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(stalled(pipeline.health())).hasSize(2));
			List<String> partitions = List.copyOf(stalled(pipeline.health()).keySet());
			assertThat(partitions).anyMatch((p) -> p.startsWith(Topics.COMMANDS + "-"))
				.anyMatch((p) -> p.startsWith(Topics.COMMANDS_BULK + "-"));
			assertThat(pipeline.health().getStatus()).isEqualTo(Status.UP);
			assertThat(partitions).allSatisfy((p) -> assertThat(gauge(meters, p)).isGreaterThanOrEqualTo(1.0));
			assertThat(gateway.get(null, "/actuator/health/readiness").statusCode()).isEqualTo(200);

			commitToTheEnd(broker, "invoice-worker");

			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(stalled(pipeline.health())).isEmpty();
				assertThat(partitions).allSatisfy((p) -> assertThat(gauge(meters, p)).isZero());
			});
		}
		finally {
			broker.destroy();
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> stalled(Health health) {
		return (Map<String, Object>) health.getDetails().get("stalledPartitions");
	}

	/** The gauge of a partition named as in the health detail, {@code topic-partition}. */
	private static double gauge(MeterRegistry meters, String topicPartition) {
		int dash = topicPartition.lastIndexOf('-');
		Gauge gauge = meters.find("invoice.pipeline.partition.stalled.seconds")
			.tag("topic", topicPartition.substring(0, dash))
			.tag("partition", topicPartition.substring(dash + 1))
			.gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

	/** What a worker does once it has finished everything: commits the end offsets for its group. */
	private static void commitToTheEnd(EmbeddedKafkaKraftBroker broker, String group) {
		broker.doWithAdmin((admin) -> {
			try {
				Map<TopicPartition, OffsetAndMetadata> ends = new HashMap<>();
				GroupProgress.read(admin, group, Topics.COMMAND_TOPICS, TIMEOUT)
					.partitions()
					.forEach((partition, offsets) -> ends.put(partition, new OffsetAndMetadata(offsets.end())));
				admin.alterConsumerGroupOffsets(group, ends).all().get();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

}
