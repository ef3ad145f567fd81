package com.clinicbilling.benchmarks.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KafkaProduceCeilingTest {

	@Test
	void readsTheTotalNotTheProgressLines() {
		// Output of ProducerPerformance 4.1.2 on this machine, shortened: a progress line, then the total.
		String output = """
				14:02:11.004 WARN  [kafka-producer-network-thread | perf-producer-client] o.a.k.c.NetworkClient - ...
				4998 records sent, 999.4 records/sec (0.38 MB/sec), 12.10 ms avg latency, 399.00 ms max latency.
				3000 records sent, 992.7 records/sec (0.38 MB/sec), 9.43 ms avg latency, 399.00 ms max latency, 5 ms 50th, 39 ms 95th, 45 ms 99th, 46 ms 99.9th.
				""";

		KafkaProduceCeiling.Run run = KafkaProduceCeiling.Run.parse(1_000, output);

		assertThat(run).isEqualTo(new KafkaProduceCeiling.Run(1_000, 3_000, 992.7, 5, 45, 46, 399));
	}

	@Test
	void anOutputWithoutATotalIsAnError() {
		assertThatIllegalStateException()
			.isThrownBy(() -> KafkaProduceCeiling.Run.parse(-1, "Exception in thread \"main\" TimeoutException"))
			.withMessageContaining("TimeoutException");
	}

}
