package com.clinicbilling.stripe.backfill;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointTest {

	private static final Instant FROM = Instant.parse("2026-01-01T00:00:00Z");

	private static final Instant TO = Instant.parse("2026-02-01T00:00:00Z");

	@TempDir
	Path dir;

	@Test
	void keepsWhereARangeStoodAcrossRuns() throws IOException {
		Path file = this.dir.resolve("backfill.checkpoint");
		Checkpoint.start(FROM, TO).advance("in_100", 98, 2).save(file);

		Checkpoint loaded = Checkpoint.load(file).orElseThrow();

		assertThat(loaded).isEqualTo(new Checkpoint(FROM, TO, "in_100", 98, 2, false));
		assertThat(loaded.covers(FROM, TO)).isTrue();
		assertThat(loaded.covers(FROM, Instant.parse("2026-03-01T00:00:00Z"))).isFalse();
		assertThat(loaded.advance("in_200", 100, 0).completed())
			.isEqualTo(new Checkpoint(FROM, TO, "in_200", 198, 2, true));
	}

	@Test
	void startsARangeWithoutCheckpointFromTheBeginning() throws IOException {
		assertThat(Checkpoint.load(this.dir.resolve("none"))).isEmpty();
		Checkpoint.start(FROM, TO).save(this.dir.resolve("fresh"));

		assertThat(Checkpoint.load(this.dir.resolve("fresh")).orElseThrow().startingAfter()).isNull();
	}

}
