package com.clinicbilling.gateway.pipeline;

import java.time.Duration;
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

		observe(0, interactive(10, 10), bulk(0, 0));

		assertThat(this.lanes.retryAfterSeconds(Topics.COMMANDS)).isEqualTo(1);
	}

	@Test
	void expectsEachLanesBacklogOverItsOwnDrainRate() {
		observe(0, interactive(100, 0), bulk(50_000, 0));
		// One second later: the interactive lane drained 100 and is empty; the bulk lane drained 1,000.
		observe(SECOND, interactive(100, 100), bulk(50_000, 1_000));

		assertThat(this.lanes.retryAfterSeconds(Topics.COMMANDS)).isEqualTo(1);
		assertThat(this.lanes.retryAfterSeconds(Topics.COMMANDS_BULK)).isEqualTo(49);

		// A burst arrives in the interactive lane: it waits as long as the lane needs to drain it.
		observe(2 * SECOND, interactive(600, 100), bulk(50_000, 2_000));
		assertThat(this.lanes.retryAfterSeconds(Topics.COMMANDS)).isEqualTo(5);
	}

	@Test
	void neverMeasuresTheDrainRateOfAnIdlePeriod() {
		observe(0, interactive(0, 0), bulk(0, 0));
		// Nothing waited in that second: the 10 finished say nothing of the rate.
		observe(SECOND, interactive(1_010, 10), bulk(0, 0));

		assertThat(this.lanes.retryAfterSeconds(Topics.COMMANDS)).isEqualTo(1);
	}

	/** One reading at {@code nanos}: each lane's partition, its end and the workers' committed offset. */
	private void observe(long nanos, Map.Entry<TopicPartition, GroupProgress.Offsets> interactive,
			Map.Entry<TopicPartition, GroupProgress.Offsets> bulk) {
		this.lanes.observe(new GroupProgress(Map.ofEntries(interactive, bulk)), nanos);
	}

	private static Map.Entry<TopicPartition, GroupProgress.Offsets> interactive(long end, long committed) {
		return Map.entry(INTERACTIVE, new GroupProgress.Offsets(committed, end));
	}

	private static Map.Entry<TopicPartition, GroupProgress.Offsets> bulk(long end, long committed) {
		return Map.entry(BULK, new GroupProgress.Offsets(committed, end));
	}

}
