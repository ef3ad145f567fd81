package com.clinicbilling.worker.invoice;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.worker.TestData;
import com.clinicbilling.worker.TestInfrastructure;
import com.clinicbilling.worker.WorkerApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static com.clinicbilling.worker.TestData.identified;
import static com.clinicbilling.worker.TestData.newKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch whose patient another batch holds ("hot" patients): the rest of it is decided and committed
 * at once, the held patient's commands after the other batch, still under the duplicate rules and in
 * their batch order. The other batch is the real processor inside a transaction the test keeps open,
 * so it holds its patients' locks exactly as a concurrent consumer's batch does until it commits.
 */
@SpringBootTest(classes = WorkerApplication.class)
class HotPatientIT {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@Autowired
	private InvoiceBatchProcessor processor;

	@Autowired
	private TransactionTemplate transaction;

	/** Beside the worker's pool, whose connections the two batches take. */
	private final JdbcTemplate jdbc = TestInfrastructure.jdbc();

	private final ExecutorService batches = Executors.newFixedThreadPool(2);

	private final CountDownLatch otherBatchDecided = new CountDownLatch(1);

	private final CountDownLatch otherBatchMayCommit = new CountDownLatch(1);

	private TestData data;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.register(registry);
	}

	@BeforeEach
	void newClinic(@Autowired KafkaListenerEndpointRegistry consumers) {
		// The two batches here are the test's own; the worker's consumers would only compete for the pool.
		consumers.stop();
		this.data = TestData.newClinic(this.jdbc);
	}

	@AfterEach
	void stop() {
		this.otherBatchMayCommit.countDown();
		this.batches.shutdownNow();
	}

	@Test
	void decidesAFreePatientAtOnceAndTheHeldPatientAfterTheOtherBatchAsItsDuplicate() throws Exception {
		CreateInvoice first = visit(this.data.patientId(), 1, 501L);
		CreateInvoice secondClick = visit(this.data.patientId(), 2, 501L);
		CreateInvoice otherPatient = visit(this.data.otherPatientId(), 3, 502L);
		Future<List<RequestStatus>> otherBatch = holdOpen(first);

		Future<List<RequestStatus>> batch = this.batches.submit(() -> this.processor.process(List.of(secondClick, otherPatient)));

		await().atMost(TIMEOUT).until(() -> invoicesOf(this.data.otherPatientId()) == 1);
		assertThat(batch).isNotDone();
		this.otherBatchMayCommit.countDown();
		Map<String, RequestStatus> statuses = byRequest(batch.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
		RequestStatus created = otherBatch.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(0);
		assertThat(created.getState()).isEqualTo(RequestState.CREATED);
		assertThat(statuses.get(otherPatient.getRequestId()).getState()).isEqualTo(RequestState.CREATED);
		RequestStatus duplicate = statuses.get(secondClick.getRequestId());
		assertThat(duplicate.getState()).isEqualTo(RequestState.DUPLICATE);
		assertThat(duplicate.getDuplicateRule()).isEqualTo("same-order-5m");
		assertThat(duplicate.getInvoice().getId()).isEqualTo(created.getInvoice().getId());
		assertThat(invoicesOf(this.data.patientId())).isEqualTo(1);
	}

	@Test
	void defersEveryCommandOfAHeldPatientsKeySoTheKeysFirstCommandStillWinsIt() throws Exception {
		Future<List<RequestStatus>> otherBatch = holdOpen(visit(this.data.patientId(), 1, 601L));
		String key = newKey();
		CreateInvoice firstOfKey = identified(visitBuilder(this.data.patientId(), 2, 602L).setIdempotencyKey(key));
		CreateInvoice sameKeyOtherPatient = identified(
				visitBuilder(this.data.otherPatientId(), 3, 603L).setIdempotencyKey(key));
		// The key takes its other patient along (its commands keep their order too): only a third one is free.
		long thirdPatient = this.data.clinicId() + 4;
		this.jdbc.update("insert into patients (id, clinic_id, name) values (?, ?, 'C')", thirdPatient, this.data.clinicId());
		CreateInvoice unrelated = visit(thirdPatient, 4, 604L);

		Future<List<RequestStatus>> batch = this.batches
			.submit(() -> this.processor.process(List.of(firstOfKey, sameKeyOtherPatient, unrelated)));

		await().atMost(TIMEOUT).until(() -> invoicesOf(thirdPatient) == 1);
		assertThat(batch).isNotDone();
		this.otherBatchMayCommit.countDown();
		Map<String, RequestStatus> statuses = byRequest(batch.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
		assertThat(otherBatch.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).get(0).getState())
			.isEqualTo(RequestState.CREATED);
		assertThat(statuses.get(unrelated.getRequestId()).getState()).isEqualTo(RequestState.CREATED);
		assertThat(statuses.get(firstOfKey.getRequestId()).getState()).isEqualTo(RequestState.CREATED);
		RequestStatus reused = statuses.get(sameKeyOtherPatient.getRequestId());
		assertThat(reused.getState()).isEqualTo(RequestState.REJECTED);
		assertThat(reused.getErrorCode()).isEqualTo(Rejection.IDEMPOTENCY_KEY_REUSED);
		assertThat(invoicesOf(this.data.otherPatientId())).isZero();
	}

	/**
	 * Another consumer's batch of one command, decided inside a transaction that commits only when the
	 * test lets it: until then it holds the command's patient.
	 */
	private Future<List<RequestStatus>> holdOpen(CreateInvoice command) throws InterruptedException {
		Future<List<RequestStatus>> decided = this.batches.submit(() -> this.transaction.execute((status) -> {
			List<RequestStatus> statuses = this.processor.process(List.of(command));
			this.otherBatchDecided.countDown();
			try {
				this.otherBatchMayCommit.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			return statuses;
		}));
		assertThat(this.otherBatchDecided.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		return decided;
	}

	/** A visit with its own amount, so only the order can make two of them duplicates. */
	private CreateInvoice visit(long patientId, int n, long orderId) {
		return identified(visitBuilder(patientId, n, orderId));
	}

	private CreateInvoice.Builder visitBuilder(long patientId, int n, long orderId) {
		return this.data.command(newKey())
			.setPatientId(patientId)
			.setOrderId(orderId)
			.setLineItems(List.of(
					LineItem.newBuilder().setDescription("Visit " + n).setUnitAmount(1_000L + n).setQuantity(1).build()));
	}

	private long invoicesOf(long patientId) {
		return this.jdbc.queryForObject("select count(*) from invoices where clinic_id = ? and patient_id = ?",
				Long.class, this.data.clinicId(), patientId);
	}

	private static Map<String, RequestStatus> byRequest(List<RequestStatus> statuses) {
		return statuses.stream().collect(Collectors.toMap(RequestStatus::getRequestId, Function.identity()));
	}

}
