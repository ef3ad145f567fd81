package com.clinicbilling.schemas;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.clinicbilling.schemas.testing.ManualClock;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionStallsTest {

	private static final TopicPartition P0 = new TopicPartition(Topics.COMMANDS, 0);

	private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final PartitionStalls stalls = new PartitionStalls(this.clock, Duration.ofMinutes(1));

	@Test
	void countsTheTimeTheCommittedOffsetStandsStillWhileRecordsWait() {
		this.stalls.observe(progress(0, 10, 15));
		this.clock.advance(Duration.ofSeconds(90));

		PartitionStalls.Partition partition = this.stalls.observe(progress(0, 10, 20)).get(P0);

		assertThat(partition.stalledFor()).isEqualTo(Duration.ofSeconds(90));
		assertThat(partition.waiting()).isEqualTo(10);
	}

	@Test
	void restartsTheCountWhenTheCommittedOffsetMoves() {
		this.stalls.observe(progress(0, 10, 15));
		this.clock.advance(Duration.ofSeconds(90));
		this.stalls.observe(progress(0, 12, 15));
		this.clock.advance(Duration.ofSeconds(5));

		assertThat(this.stalls.observe(progress(0, 12, 15)).get(P0).stalledFor())
			.isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void aCaughtUpPartitionIsNotStalledAndCountsANewBacklogFromItsLastObservation() {
		this.stalls.observe(progress(0, 10, 10));
		this.clock.advance(Duration.ofMinutes(10));
		assertThat(this.stalls.observe(progress(0, 10, 10)).get(P0).stalledFor()).isZero();
		this.clock.advance(Duration.ofSeconds(5));

		assertThat(this.stalls.observe(progress(0, 10, 11)).get(P0).stalledFor())
			.isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void aPartitionWithoutACommittedOffsetWaitsFromTheStart() {
		this.stalls.observe(progress(3, 0, 4));
		this.clock.advance(Duration.ofSeconds(30));

		PartitionStalls.Partition partition = this.stalls.observe(progress(3, 0, 4)).get(new TopicPartition(Topics.COMMANDS, 3));

		assertThat(partition.stalledFor()).isEqualTo(Duration.ofSeconds(30));
		assertThat(partition.committed()).isZero();
	}

	@Test
	void showsOnlyPartitionsStalledLongerThanTheThresholdAsStalled() {
		this.stalls.observe(progress(0, 10, 15, 1, 5, 9));
		this.clock.advance(Duration.ofSeconds(59));
		this.stalls.observe(progress(0, 10, 15, 1, 5, 9));
		assertThat(this.stalls.stalled()).isEmpty();
		this.clock.advance(Duration.ofSeconds(1));

		this.stalls.observe(progress(0, 10, 15, 1, 6, 9));

		assertThat(this.stalls.stalled()).containsOnlyKeys("invoice.commands-0");
		assertThat(this.stalls.stalledSeconds(P0)).isEqualTo(60.0);
		assertThat(this.stalls.stalledSeconds(new TopicPartition(Topics.COMMANDS, 1))).isZero();
	}

	@Test
	void watchesEachTopicsPartitionsApart() {
		TopicPartition bulk = new TopicPartition(Topics.COMMANDS_BULK, 0);
		this.stalls.observe(new GroupProgress(Map.of(P0, new GroupProgress.Offsets(10, 10), bulk,
				new GroupProgress.Offsets(10, 15))));
		this.clock.advance(Duration.ofMinutes(2));

		this.stalls.observe(new GroupProgress(Map.of(P0, new GroupProgress.Offsets(10, 10), bulk,
				new GroupProgress.Offsets(10, 15))));

		assertThat(this.stalls.stalled()).containsOnlyKeys("invoice.commands.bulk-0");
		assertThat(this.stalls.stalledSeconds(P0)).isZero();
	}

	/** Committed and end offsets of {@code invoice.commands} partitions: (partition, committed, end)... */
	private static GroupProgress progress(long... triples) {
		Map<TopicPartition, GroupProgress.Offsets> partitions = new HashMap<>();
		for (int i = 0; i < triples.length; i += 3) {
			partitions.put(new TopicPartition(Topics.COMMANDS, (int) triples[i]),
					new GroupProgress.Offsets(triples[i + 1], triples[i + 2]));
		}
		return new GroupProgress(partitions);
	}

}
