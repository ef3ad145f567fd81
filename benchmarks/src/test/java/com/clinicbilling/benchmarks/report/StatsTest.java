package com.clinicbilling.benchmarks.report;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The statistics every reported number goes through; nothing here measures speed. */
class StatsTest {

	@Test
	void medianOfAnOddCountIsTheMiddleValue() {
		Stats stats = Stats.of(List.of(300.0, 100.0, 200.0));
		assertThat(stats.median()).isEqualTo(200.0);
		assertThat(stats.min()).isEqualTo(100.0);
		assertThat(stats.max()).isEqualTo(300.0);
		assertThat(stats.count()).isEqualTo(3);
	}

	@Test
	void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
		assertThat(Stats.of(List.of(4.0, 1.0, 3.0, 2.0)).median()).isEqualTo(2.5);
	}

	@Test
	void oneSlowRepetitionDoesNotMoveTheMedian() {
		assertThat(Stats.of(List.of(1000.0, 1010.0, 12.0)).median()).isEqualTo(1000.0);
	}

	@Test
	void noMeasurementsGiveNoRatio() {
		Stats none = Stats.of(List.of());
		assertThat(none.isEmpty()).isTrue();
		assertThat(Stats.ratio(Stats.of(List.of(10.0)), none)).isNaN();
		assertThat(Stats.ratio(Stats.of(List.of(10.0)), Stats.of(List.of(4.0)))).isEqualTo(2.5);
	}

	@Test
	void spreadIsRelativeToTheMedian() {
		assertThat(Stats.of(List.of(90.0, 100.0, 110.0)).relativeSpread()).isEqualTo(0.2);
		assertThat(Stats.of(List.of(5.0)).relativeSpread()).isZero();
	}

	@Test
	void markdownCellsCannotBreakARow() {
		String table = new MarkdownTable("a", "b").row("x|y", 1).render();
		assertThat(table).isEqualTo("| a | b |\n| --- | --- |\n| x\\|y | 1 |\n");
	}

}
