package com.clinicbilling.benchmarks.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.clinicbilling.schemas.RequestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds many event streams open on one gateway at once, long enough for every stream to get
 * heartbeats, and reads the stack JVM's threads and heap before, during and after: a stream must
 * cost a connection and a few objects, never a thread.
 */
final class StreamCapacity {

	private static final Logger logger = LoggerFactory.getLogger(StreamCapacity.class);

	private StreamCapacity() {
	}

	record Result(GatewayProbe.Snapshot before, GatewayProbe.Snapshot during, GatewayProbe.Snapshot after, int opened,
			int withHeartbeats, int requested) {
	}

	static Result run(HttpClient http, URI gateway, String token, StatusPublisher publisher, GatewayProbe probe,
			int streams, int holdSeconds) throws Exception {
		GatewayProbe.Snapshot before = probe.snapshot();
		List<RequestStatus> pending = publisher.pending(streams, "hold");
		probe.awaitKnown(pending, Duration.ofSeconds(120));
		List<BenchStream> open = new ArrayList<>(streams);
		for (RequestStatus status : pending) {
			open.add(BenchStream.open(http, gateway, token, status.getRequestId()));
			// Opened in waves of 200, so Tomcat's accept queue (100) is never the thing being measured.
			if (open.size() % 200 == 0) {
				SseDeliveryLatency.await(open, BenchStream::hasFirstEvent, Duration.ofSeconds(60), "first event");
			}
		}
		int missing = SseDeliveryLatency.await(open, BenchStream::hasFirstEvent, Duration.ofSeconds(60), "first event");
		logger.info("{} streams open; holding them {} s", streams - missing, holdSeconds);
		TimeUnit.SECONDS.sleep(holdSeconds);
		GatewayProbe.Snapshot during = probe.snapshot();
		int stillOpen = (int) open.stream().filter((stream) -> stream.hasFirstEvent() && !stream.ended()).count();
		int withHeartbeats = (int) open.stream().filter((stream) -> stream.heartbeats() > 0).count();
		open.forEach(BenchStream::close);
		// The gateway notices a dropped connection at its next heartbeat write or two.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		GatewayProbe.Snapshot after = probe.snapshot();
		while (after.openStreams() > before.openStreams() && System.nanoTime() < deadline) {
			TimeUnit.SECONDS.sleep(2);
			after = probe.snapshot();
		}
		return new Result(before, during, after, stillOpen, withHeartbeats, streams);
	}

}
