package com.clinicbilling.gateway.pipeline;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import com.clinicbilling.schemas.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway sees commands nobody finishes: no worker commits on {@code invoice.commands}, the
 * stall shows as a gauge and a health detail while the gateway stays UP, and clears once the
 * workers' group commits up to the end.
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
			PipelineHealthIndicator pipeline = gateway.bean(PipelineHealthIndicator.class);
			MeterRegistry meters = gateway.bean(MeterRegistry.class);

			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(stalled(pipeline.health())).hasSize(1));
			String partition = stalled(pipeline.health()).keySet().iterator().next();
			assertThat(pipeline.health().getStatus()).isEqualTo(Status.UP);
			assertThat(gauge(meters, partition)).isGreaterThanOrEqualTo(1.0);
			assertThat(gateway.get(null, "/actuator/health/readiness").statusCode()).isEqualTo(200);

			commitToTheEnd(broker, "invoice-worker");

			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(stalled(pipeline.health())).isEmpty();
				assertThat(gauge(meters, partition)).isZero();
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

	private static double gauge(MeterRegistry meters, String partition) {
		Gauge gauge = meters.find("invoice.pipeline.partition.stalled.seconds").tag("partition", partition).gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

	/** What a worker does once it has finished everything: commits the end offsets for its group. */
	private static void commitToTheEnd(EmbeddedKafkaKraftBroker broker, String group) {
		broker.doWithAdmin((admin) -> {
			try {
				var partitions = admin.describeTopics(java.util.List.of(Topics.COMMANDS))
					.allTopicNames()
					.get()
					.get(Topics.COMMANDS)
					.partitions()
					.stream()
					.collect(Collectors.toMap((p) -> new TopicPartition(Topics.COMMANDS, p.partition()),
							(p) -> OffsetSpec.latest()));
				Map<TopicPartition, OffsetAndMetadata> ends = admin.listOffsets(partitions)
					.all()
					.get()
					.entrySet()
					.stream()
					.collect(Collectors.toMap(Map.Entry::getKey, (e) -> new OffsetAndMetadata(e.getValue().offset())));
				admin.alterConsumerGroupOffsets(group, ends).all().get();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

}
