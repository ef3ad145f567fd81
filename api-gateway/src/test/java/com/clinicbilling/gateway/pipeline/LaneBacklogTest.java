package com.clinicbilling.gateway.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import com.clinicbilling.schemas.GroupProgress;
import com.clinicbilling.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LaneBacklogTest {

	private static final long SECOND = 1_000_000_000L;

	private static final TopicPartition INTERACTIVE = new TopicPartition(Topics.COMMANDS, 0);

	private static final TopicPartition BULK = new TopicPartition(Topics.COMMANDS_BULK, 0);

	private final LaneBacklog lanes = new LaneBacklog(null, new SimpleMeterRegistry(),
			new PipelineProperties("invoice-worker", Duration.ofMinutes(2), Duration.ofSeconds(15), Duration.ofSeconds(1),
					Duration.ofHours(1)));

	@Test
	void expectsOneSecondWhileNothingIsKnownOrNothingWaits() {
		assertThat(this.lanes.retryAfterSeconds(Topics.COMMANDS)).isEqualTo(1);

		observe(Map.of(INTERACTIVE, 10L, BULK, 0L), Map.of(INTERACTIVE, 10L, BULK, 0L), 0);

		assertThat(this.lanes.retryAfterSeconds(Topics.COMMANDS)).isEqualTo(1);
	}

	@Test
	void expectsEachLanesBacklogOverItsOwnDrainRate() {
		observe(Map.of(INTERACTIVE, 100L, BULK, 50_000L), Map.of(INTERACTIVE, 0L, BULK, 0L), 0);
		// One second later: the interactive lane drained 100 and is empty; the bulk lane drained 1,000.
		observe(Map.of(INTERACTIVE, 100L, BULK, 50_000L), Map.of(INTERACTIVE, 100L, BULK, 1_000L), SECOND);

		assertThat(this.lanes.retryAfterSeconds(Topics.COMMANDS)).isEqualTo(1);
		assertThat(this.lanes.retryAfterSeconds(Topics.COMMANDS_BULK)).isEqualTo(49);

		// A burst arrives in the interactive lane: it waits as long as the lane needs to drain it.
		observe(Map.of(INTERACTIVE, 600L, BULK, 50_000L), Map.of(INTERACTIVE, 100L, BULK, 2_000L),
				2 * SECOND);
		assertThat(this.lanes.retryAfterSeconds(Topics.COMMANDS)).isEqualTo(5);
	}

	@Test
	void neverMeasuresTheDrainRateOfAnIdlePeriod() {
		observe(Map.of(INTERACTIVE, 0L, BULK, 0L), Map.of(INTERACTIVE, 0L, BULK, 0L), 0);
		// Nothing waited in that second: the 10 finished say nothing of the rate.
		observe(Map.of(INTERACTIVE, 1_010L, BULK, 0L), Map.of(INTERACTIVE, 10L, BULK, 0L), SECOND);

		assertThat(this.lanes.retryAfterSeconds(Topics.COMMANDS)).isEqualTo(1);
	}

	/** One reading: each partition's end and the workers' committed offset, at {@code nanos}. */
	private void observe(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed, long nanos) {
		Map<TopicPartition, GroupProgress.Offsets> partitions = new HashMap<>();
		ends.forEach((partition, end) -> partitions.put(partition, new GroupProgress.Offsets(committed.get(partition), end)));
		this.lanes.observe(new GroupProgress(partitions), nanos);
	}

}
