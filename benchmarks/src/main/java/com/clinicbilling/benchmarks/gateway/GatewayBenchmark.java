package com.clinicbilling.benchmarks.gateway;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;

import com.clinicbilling.benchmarks.http.DevTokens;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the gateway of a running local stack; a measurement, not a test. Start the stack with
 * {@code INVOICE_LOCAL_DATA=<dir> java -jar local-stack/target/local-stack.jar}, then:
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/classpath.txt) \
 *     com.clinicbilling.benchmarks.gateway.GatewayBenchmark --data=&lt;dir&gt; [--stack-pid=&lt;pid&gt;] \
 *     [--parts=sse,accept,hold] [--sse-streams=200] [--rate=1000] [--seconds=20] [--hold-streams=2000]
 * </pre>
 *
 * The gateway caps one clinic's open event streams (500 by default): for {@code --hold-streams} above
 * that, start the stack with {@code INVOICE_GATEWAY_PUSH_MAXSTREAMSPERCLINIC} at least as high.
 *
 * <ul>
 * <li>{@code sse}: publish-to-event latency of final statuses on open streams, paced and all at once;</li>
 * <li>{@code accept}: {@code POST /v1/invoices} latency at an open-loop rate (it must stay under the
 * per-clinic rate limit, 1,000/s by default, to measure acceptance rather than 429s);</li>
 * <li>{@code hold}: thousands of streams open at once, with the JVM's threads and heap.</li>
 * </ul>
 * The machine's load average is logged with each part: on a shared machine it says how much the
 * numbers mean.
 */
public final class GatewayBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(GatewayBenchmark.class);

	private GatewayBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		GatewayBenchOptions options = GatewayBenchOptions.parse(args);
		String reader = DevTokens.hs256(options.secret(), StatusPublisher.CLINIC, "invoices:read", Duration.ofHours(2));
		String writer = DevTokens.hs256(options.secret(), StatusPublisher.CLINIC, "invoices:write", Duration.ofHours(2));
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newFixedThreadPool(4))
			.build();
		GatewayProbe probe = new GatewayProbe(http, options.gateway(), reader, options.metricsPassword(),
				options.stackPid());
		try (StatusPublisher publisher = new StatusPublisher(options.bootstrap())) {
			if (options.parts().contains("sse")) {
				logger.info("Load before SSE latency: {}", GatewayProbe.loadAverage());
				// A first, unreported round warms up the JIT on both sides.
				SseDeliveryLatency.run(http, options.gateway(), reader, publisher, probe, 50, 5);
				report("SSE publish-to-event, paced", SseDeliveryLatency.run(http, options.gateway(), reader, publisher,
						probe, options.sseStreams(), options.ssePaceMillis()));
				report("SSE publish-to-event, all at once", SseDeliveryLatency.run(http, options.gateway(), reader,
						publisher, probe, options.sseStreams(), 0));
				logger.info("Load after SSE latency: {}", GatewayProbe.loadAverage());
			}
			if (options.parts().contains("accept")) {
				logger.info("Load before accept latency: {}", GatewayProbe.loadAverage());
				AcceptLatency.run(http, options.gateway(), writer, options.rate(), options.warmupSeconds());
				double cpuBefore = probe.stackCpuSeconds();
				AcceptLatency.Result result = AcceptLatency.run(http, options.gateway(), writer, options.rate(),
						options.seconds());
				double cpu = probe.stackCpuSeconds() - cpuBefore;
				report("Accept latency at " + options.rate() + "/s open loop", result.micros());
				// The whole stack's CPU: gateway, broker, worker and the worker's PostgreSQL client side.
				logger.info("Stack CPU during the run: {} s, {} ms per accepted request", String.format("%.1f", cpu),
						String.format("%.2f", cpu * 1000 / Math.max(1, result.statuses().getOrDefault(202, 0))));
				logger.info("Load after accept latency: {}", GatewayProbe.loadAverage());
			}
			if (options.parts().contains("hold")) {
				logger.info("Load before holding streams: {}", GatewayProbe.loadAverage());
				StreamCapacity.Result held = StreamCapacity.run(http, options.gateway(), reader, publisher, probe,
						options.holdStreams(), options.holdSeconds());
				logger.info("Streams: {} requested, {} open after the hold, {} got heartbeats", held.requested(),
						held.opened(), held.withHeartbeats());
				logger.info("Stack JVM before: {}", held.before());
				logger.info("Stack JVM during: {}", held.during());
				logger.info("Stack JVM after closing: {}", held.after());
				logger.info("Load after holding streams: {}", GatewayProbe.loadAverage());
			}
		}
		System.exit(0);
	}

	private static void report(String what, Histogram micros) {
		logger.info("{}: n={} p50={} ms p90={} ms p99={} ms max={} ms", what, micros.getTotalCount(),
				millis(micros.getValueAtPercentile(50)), millis(micros.getValueAtPercentile(90)),
				millis(micros.getValueAtPercentile(99)), millis(micros.getMaxValue()));
	}

	private static String millis(long micros) {
		return String.format("%.1f", micros / 1000.0);
	}

}
