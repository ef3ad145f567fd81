package com.clinicbilling.benchmarks.endtoend;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A worker batch's worth of final statuses reaching open event streams: {@code streams} requests of
 * clinic 1 exist only on the status topic (PENDING, written here), each has its own open stream
 * ({@code GET /v1/invoice-requests/{id}/events}), then all their final statuses are written at once,
 * as the worker publishes a batch, and each is timed from its publication to its event on its
 * stream. Both ends are in this process: one {@link System#nanoTime()} clock.
 */
final class SseBurst {

	private static final AvroSerde<RequestStatus> SERDE = AvroSerde.requestStatus();

	private SseBurst() {
	}

	/** @return publication to event, microseconds; streams that missed their final event are left out */
	static Histogram run(HttpClient http, URI gateway, String token, String bootstrap, int streams) throws Exception {
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
				bootstrap, ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(),
				new ByteArraySerializer())) {
			Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
			List<RequestStatus> pending = new ArrayList<>(streams);
			for (int i = 0; i < streams; i++) {
				String requestId = UUID.randomUUID().toString();
				pending.add(RequestStatus.newBuilder().setRequestId(requestId).setClinicId(1).setIdempotencyKey("burst-" + requestId)
					.setBodyFingerprint("burst").setState(RequestState.PENDING).setAcceptedAt(now).build());
				publish(producer, pending.get(i));
			}
			producer.flush();
			List<Stream> open = new ArrayList<>(streams);
			for (RequestStatus status : pending) {
				open.add(Stream.open(http, gateway, token, status.getRequestId()));
			}
			await(open, (s) -> s.firstAt != 0);
			long[] publishedAt = new long[streams];
			for (int i = 0; i < streams; i++) {
				RequestStatus created = RequestStatus.newBuilder(pending.get(i)).setState(RequestState.CREATED)
					.setCompletedAt(now).setInvoice(new InvoiceSummary(1L, InvoiceStatus.PAID, 4_900L, 0L, 4_900L, "usd", null))
					.build();
				publishedAt[i] = System.nanoTime();
				publish(producer, created);
			}
			producer.flush();
			await(open, (s) -> s.finalAt != 0);
			Histogram micros = new Histogram(3);
			for (int i = 0; i < streams; i++) {
				if (open.get(i).finalAt != 0) {
					micros.recordValue(Math.max(0, (open.get(i).finalAt - publishedAt[i]) / 1_000));
				}
			}
			return micros;
		}
	}

	private static void publish(KafkaProducer<String, byte[]> producer, RequestStatus status) {
		producer.send(new ProducerRecord<>(Topics.REQUEST_STATUS, status.getRequestId(), SERDE.encode(status)));
	}

	private static void await(List<Stream> streams, java.util.function.Predicate<Stream> done) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!streams.stream().allMatch(done) && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(20);
		}
	}

	/** One request's stream; a 404 (the gateway has not read the PENDING yet) is opened again. */
	private static final class Stream implements Flow.Subscriber<String> {

		private final HttpClient http;

		private final HttpRequest request;

		volatile long firstAt;

		volatile long finalAt;

		private String eventName;

		private Stream(HttpClient http, HttpRequest request) {
			this.http = http;
			this.request = request;
		}

		static Stream open(HttpClient http, URI gateway, String token, String requestId) {
			Stream stream = new Stream(http, HttpRequest
				.newBuilder(gateway.resolve("/v1/invoice-requests/" + requestId + "/events"))
				.header("Accept", "text/event-stream")
				.header("Authorization", "Bearer " + token)
				.build());
			stream.connect();
			return stream;
		}

		private void connect() {
			this.http.sendAsync(this.request, (info) -> HttpResponse.BodySubscribers.fromLineSubscriber(this))
				.whenComplete((response, ex) -> {
					if (response != null && response.statusCode() == 404 && this.firstAt == 0) {
						connect();
					}
				});
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(String line) {
			long now = System.nanoTime();
			if (line.startsWith("event:")) {
				this.eventName = line.substring(6).strip();
			}
			else if (line.startsWith("data:") && "status".equals(this.eventName)) {
				if (this.firstAt == 0) {
					this.firstAt = now;
				}
				if (!line.contains("\"status\":\"PENDING\"") && this.finalAt == 0) {
					this.finalAt = now;
				}
			}
		}

		@Override
		public void onError(Throwable throwable) {
		}

		@Override
		public void onComplete() {
		}

	}

}
