package com.clinicbilling.gateway.submit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.schemas.CommandIdentity;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.LineItem;
import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.mock.MockProducerFactory;
import org.springframework.kafka.support.SendResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class BatchingCommandPublisherTest {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final RecordingTemplate template = new RecordingTemplate();

	private BatchingCommandPublisher publisher = start(new PublisherProperties(1, 500, 100, Duration.ofSeconds(4)));

	@AfterEach
	void stop() {
		this.template.release();
		this.publisher.stop();
	}

	@Test
	void storesTheCommandAndItsPendingStatusInOneTransaction() {
		CreateInvoice command = command("k1");

		this.publisher.publish(command, CommandPublisher.pendingStatus(command));

		assertThat(this.template.transactions)
			.containsExactly(List.of("invoice.commands 1:k1", "invoice.request-status " + command.getRequestId()));
	}

	@Test
	void storesSubmissionsThatArriveDuringATransactionTogetherInTheNextOne() {
		this.template.holdFirstSend();
		CompletableFuture<Void> first = submitAsync("a");
		await().atMost(PATIENCE).until(this.template::holding);
		List<CompletableFuture<Void>> waiting = List.of(submitAsync("b"), submitAsync("c"), submitAsync("d"));
		await().atMost(PATIENCE).until(() -> this.publisher.queued() == 3);

		this.template.release();

		first.join();
		waiting.forEach(CompletableFuture::join);
		assertThat(this.template.transactions).hasSize(2);
		assertThat(this.template.transactions.get(1)).hasSize(6)
			.contains("invoice.commands 1:b", "invoice.commands 1:c", "invoice.commands 1:d");
	}

	@Test
	void answers503ForEverySubmissionOfAFailedTransaction() {
		this.template.failure = new KafkaException("broker gone");

		assertThatThrownBy(() -> submit("k1")).isInstanceOfSatisfying(ProblemException.class, (ex) -> {
			assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(ex.getCause()).hasMessage("broker gone");
		});
		assertThat(this.template.transactions).isEmpty();
	}

	@Test
	void answers503InTimeAndNeverStoresASubmissionThatGaveUpWaiting() {
		this.publisher.stop();
		this.publisher = start(new PublisherProperties(1, 500, 100, Duration.ofMillis(300)));
		this.template.holdFirstSend();
		CompletableFuture<Void> inTransaction = submitAsync("a");
		await().atMost(PATIENCE).until(this.template::holding);

		long started = System.nanoTime();
		assertThatThrownBy(() -> submit("b")).isInstanceOfSatisfying(ProblemException.class,
				(ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
		this.template.release();

		assertThat(inTransaction).failsWithin(PATIENCE);
		CreateInvoice later = command("c");
		this.publisher.publish(later, CommandPublisher.pendingStatus(later));
		assertThat(this.template.sent()).contains("invoice.commands 1:a", "invoice.commands 1:c")
			.doesNotContain("invoice.commands 1:b");
	}

	@Test
	void refusesAtOnceWhenTooManySubmissionsWait() {
		this.publisher.stop();
		this.publisher = start(new PublisherProperties(1, 500, 1, Duration.ofSeconds(4)));
		this.template.holdFirstSend();
		submitAsync("a");
		await().atMost(PATIENCE).until(this.template::holding);
		submitAsync("b");
		await().atMost(PATIENCE).until(() -> this.publisher.queued() == 1);

		assertThatThrownBy(() -> submit("c")).isInstanceOfSatisfying(ProblemException.class, (ex) -> {
			assertThat(ex.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
			assertThat(ex.getCause()).hasMessageContaining("queue full");
		});
	}

	@Test
	void refusesSubmissionsOnceStopped() {
		this.publisher.stop();

		assertThatThrownBy(() -> submit("k1")).isInstanceOf(ProblemException.class);
		assertThat(this.template.transactions).isEmpty();
	}

	private BatchingCommandPublisher start(PublisherProperties properties) {
		BatchingCommandPublisher started = new BatchingCommandPublisher(this.template, ObservationRegistry.NOOP,
				properties, Duration.ofSeconds(5));
		started.start();
		return started;
	}

	private void submit(String key) {
		CreateInvoice command = command(key);
		this.publisher.publish(command, CommandPublisher.pendingStatus(command));
	}

	private CompletableFuture<Void> submitAsync(String key) {
		return CompletableFuture.runAsync(() -> submit(key));
	}

	private static CreateInvoice command(String key) {
		return CommandIdentity.identify(CreateInvoice.newBuilder()
			.setRequestId("")
			.setBodyFingerprint("")
			.setClinicId(1)
			.setIdempotencyKey(key)
			.setAcceptedAt(Instant.parse("2026-03-01T12:00:00Z"))
			.setSource(CommandSource.API)
			.setPatientId(101)
			.setCurrency("usd")
			.setLineItems(List.of(LineItem.newBuilder().setDescription("Visit").setUnitAmount(100L).setQuantity(1).build())));
	}

	/** Records what each committed transaction held; can hold the first send, or fail every commit. */
	static final class RecordingTemplate extends KafkaTemplate<String, byte[]> {

		final List<List<String>> transactions = new CopyOnWriteArrayList<>();

		private final List<String> sent = new CopyOnWriteArrayList<>();

		private final ThreadLocal<List<String>> current = new ThreadLocal<>();

		private final CountDownLatch released = new CountDownLatch(1);

		volatile RuntimeException failure;

		private volatile boolean holdFirst;

		private volatile boolean holding;

		RecordingTemplate() {
			super(new MockProducerFactory<String, byte[]>(() -> new MockProducer<>()));
		}

		void holdFirstSend() {
			this.holdFirst = true;
		}

		boolean holding() {
			return this.holding;
		}

		void release() {
			this.released.countDown();
		}

		List<String> sent() {
			return List.copyOf(this.sent);
		}

		@Override
		public <T> T executeInTransaction(OperationsCallback<String, byte[], T> callback) {
			List<String> records = new ArrayList<>();
			this.current.set(records);
			T result = callback.doInOperations(this);
			if (this.failure != null) {
				throw this.failure;
			}
			this.transactions.add(List.copyOf(records));
			return result;
		}

		@Override
		public CompletableFuture<SendResult<String, byte[]>> send(String topic, String key, byte[] data) {
			if (this.holdFirst) {
				this.holdFirst = false;
				this.holding = true;
				try {
					this.released.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			this.current.get().add(topic + " " + key);
			this.sent.add(topic + " " + key);
			return CompletableFuture.completedFuture(null);
		}

	}

}
