package com.clinicbilling.schemas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionStallsTest {

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));

	private final PartitionStalls stalls = new PartitionStalls(new Clock() {

		@Override
		public Instant instant() {
			return now.get();
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}, Duration.ofMinutes(1));

	@Test
	void countsTheTimeTheCommittedOffsetStandsStillWhileRecordsWait() {
		this.stalls.observe(Map.of(0, 10L), Map.of(0, 15L));
		advance(Duration.ofSeconds(90));

		PartitionStalls.Partition partition = this.stalls.observe(Map.of(0, 10L), Map.of(0, 20L)).get(0);

		assertThat(partition.stalledFor()).isEqualTo(Duration.ofSeconds(90));
		assertThat(partition.waiting()).isEqualTo(10);
	}

	@Test
	void restartsTheCountWhenTheCommittedOffsetMoves() {
		this.stalls.observe(Map.of(0, 10L), Map.of(0, 15L));
		advance(Duration.ofSeconds(90));
		this.stalls.observe(Map.of(0, 12L), Map.of(0, 15L));
		advance(Duration.ofSeconds(5));

		assertThat(this.stalls.observe(Map.of(0, 12L), Map.of(0, 15L)).get(0).stalledFor())
			.isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void aCaughtUpPartitionIsNotStalledAndCountsANewBacklogFromItsLastObservation() {
		this.stalls.observe(Map.of(0, 10L), Map.of(0, 10L));
		advance(Duration.ofMinutes(10));
		assertThat(this.stalls.observe(Map.of(0, 10L), Map.of(0, 10L)).get(0).stalledFor()).isZero();
		advance(Duration.ofSeconds(5));

		assertThat(this.stalls.observe(Map.of(0, 10L), Map.of(0, 11L)).get(0).stalledFor())
			.isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void aPartitionWithoutACommittedOffsetWaitsFromTheStart() {
		this.stalls.observe(Map.of(), Map.of(3, 4L));
		advance(Duration.ofSeconds(30));

		PartitionStalls.Partition partition = this.stalls.observe(Map.of(), Map.of(3, 4L)).get(3);

		assertThat(partition.stalledFor()).isEqualTo(Duration.ofSeconds(30));
		assertThat(partition.committed()).isZero();
	}

	@Test
	void showsOnlyPartitionsStalledLongerThanTheThresholdAsStalled() {
		this.stalls.observe(Map.of(0, 10L, 1, 5L), Map.of(0, 15L, 1, 9L));
		advance(Duration.ofSeconds(59));
		this.stalls.observe(Map.of(0, 10L, 1, 5L), Map.of(0, 15L, 1, 9L));
		assertThat(this.stalls.stalled()).isEmpty();
		advance(Duration.ofSeconds(1));

		this.stalls.observe(Map.of(0, 10L, 1, 6L), Map.of(0, 15L, 1, 9L));

		assertThat(this.stalls.stalled()).containsOnlyKeys("0");
		assertThat(this.stalls.stalledSeconds(0)).isEqualTo(60.0);
		assertThat(this.stalls.stalledSeconds(1)).isZero();
	}

	private void advance(Duration duration) {
		this.now.updateAndGet((t) -> t.plus(duration));
	}

}
