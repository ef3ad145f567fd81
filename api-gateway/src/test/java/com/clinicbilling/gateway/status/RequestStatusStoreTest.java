package com.clinicbilling.gateway.status;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.clinicbilling.gateway.ManualTime;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class RequestStatusStoreTest {

	static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	@TempDir
	Path directory;

	private final ManualTime time = new ManualTime(NOW);

	private RequestStatusStore store;

	@BeforeEach
	void open() {
		this.store = open(this.directory);
	}

	@AfterEach
	void close() {
		this.store.destroy();
	}

	private RequestStatusStore open(Path directory) {
		return new RequestStatusStore(new StatusStoreProperties(directory, Duration.ofDays(30), Duration.ofDays(30),
				Duration.ofHours(1), Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(3),
				Duration.ofMillis(10), DataSize.ofMegabytes(8)), this.time.clock());
	}

	@Test
	void keepsFinalStatusWhenItsPendingArrivesLater() {
		this.store.apply(status("r1", "f1", RequestState.CREATED, null));

		assertThat(this.store.apply(status("r1", "f1", RequestState.PENDING, null))).isFalse();

		assertThat(this.store.find("r1")).get().extracting(RequestStatus::getState).isEqualTo(RequestState.CREATED);
	}

	@Test
	void replacesPendingWithFinalAndTellsSubscribersUntilTheyClose() {
		List<RequestState> seen = new CopyOnWriteArrayList<>();
		this.store.apply(status("r1", "f1", RequestState.PENDING, null));
		RequestStatusStore.Subscription subscription = this.store.subscribe("r1", (s) -> seen.add(s.getState()));

		this.store.apply(status("r1", "f1", RequestState.PENDING, null));
		this.store.apply(status("r1", "f1", RequestState.CREATED, null));
		subscription.close();
		this.store.apply(status("r1", "f1", RequestState.REJECTED, "invalid_command"));

		assertThat(seen).containsExactly(RequestState.CREATED);
	}

	@Test
	void knowsTheFingerprintThatOwnsAKey() {
		this.store.apply(status("r1", "f1", RequestState.PENDING, null));

		assertThat(this.store.ownerFingerprint(1, "key")).contains("f1");
		assertThat(this.store.ownerFingerprint(2, "key")).isEmpty();
		assertThat(this.store.ownerFingerprint(1, "other")).isEmpty();
	}

	@Test
	void neverLetsARejectedReuseOwnTheKeyWhateverTheOrder() {
		this.store.apply(status("r2", "f2", RequestState.REJECTED, RequestStatusStore.KEY_REUSED));
		assertThat(this.store.ownerFingerprint(1, "key")).isEmpty();

		this.store.apply(status("r1", "f1", RequestState.CREATED, null));
		this.store.apply(status("r3", "f3", RequestState.REJECTED, RequestStatusStore.KEY_REUSED));

		assertThat(this.store.ownerFingerprint(1, "key")).contains("f1");
	}

	@Test
	void prefersAFinalOwnerOverAPendingOne() {
		this.store.apply(status("r2", "f2", RequestState.PENDING, null));
		this.store.apply(status("r1", "f1", RequestState.CREATED, null));

		assertThat(this.store.ownerFingerprint(1, "key")).contains("f1");
	}

	@Test
	void keepsStatusesKeyOwnersAndPositionsAcrossAReopen() {
		TopicPartition partition = new TopicPartition(Topics.REQUEST_STATUS, 2);
		this.store.apply(List.of(new RequestStatusStore.Update(status("r1", "f1", RequestState.CREATED, null),
				new RequestStatusStore.StatusPosition(2, 41), NOW.toEpochMilli())), Map.of(partition, 42L));
		this.store.destroy();

		this.store = open(this.directory);

		assertThat(this.store.find("r1")).get().extracting(RequestStatus::getState).isEqualTo(RequestState.CREATED);
		assertThat(this.store.ownerFingerprint(1, "key")).contains("f1");
		assertThat(this.store.positions()).containsExactly(Map.entry(partition, 42L));
	}

	@Test
	void answersARequestForItsRetentionThenKnowsItIsGoneForAsLongAgain() {
		this.store.apply(status("r1", "f1", RequestState.CREATED, null));
		this.time.advance(Duration.ofDays(29));
		assertThat(this.store.find("r1")).isPresent();
		assertThat(this.store.isGone("r1", 1)).isFalse();

		this.time.advance(Duration.ofDays(1));
		assertThat(this.store.find("r1")).isEmpty();
		assertThat(this.store.ownerFingerprint(1, "key")).isEmpty();
		assertThat(this.store.isGone("r1", 1)).isTrue();
		assertThat(this.store.isGone("r1", 2)).as("another clinic's request is unknown, not gone").isFalse();

		this.store.sweep();
		assertThat(this.store.size()).isZero();
		assertThat(this.store.isGone("r1", 1)).isTrue();
		assertThat(this.store.isGone("r1", 2)).isFalse();

		this.time.advance(Duration.ofDays(30));
		assertThat(this.store.isGone("r1", 1)).isFalse();
	}

	@Test
	void showsItsOwnPendingAtOnceAndDoesNotAnnounceItAgainWhenItsCommandIsRead() {
		List<RequestState> seen = new CopyOnWriteArrayList<>();
		this.store.subscribeAll((status, position) -> seen.add(status.getState()), 0);
		RequestStatus pending = status("r1", "f1", RequestState.PENDING, null);
		CreateInvoice command = CreateInvoice.newBuilder()
			.setRequestId("r1")
			.setClinicId(1)
			.setIdempotencyKey("key")
			.setBodyFingerprint("f1")
			.setAcceptedAt(pending.getAcceptedAt())
			.setSource(CommandSource.API)
			.setPatientId(1)
			.setCurrency("usd")
			.setLineItems(List.of())
			.build();

		this.store.accepted(command);
		assertThat(this.store.find("r1")).contains(pending);
		assertThat(this.store.ownerFingerprint(1, "key")).contains("f1");

		assertThat(this.store.apply(pending)).isTrue();
		this.store.apply(status("r1", "f1", RequestState.CREATED, null));

		assertThat(seen).containsExactly(RequestState.PENDING, RequestState.CREATED);
	}

	private static RequestStatus status(String requestId, String fingerprint, RequestState state, String errorCode) {
		boolean created = state == RequestState.CREATED;
		return RequestStatus.newBuilder()
			.setRequestId(requestId)
			.setClinicId(1)
			.setIdempotencyKey("key")
			.setBodyFingerprint(fingerprint)
			.setState(state)
			.setAcceptedAt(Instant.parse("2026-03-01T12:00:00Z"))
			.setCompletedAt((state != RequestState.PENDING) ? Instant.parse("2026-03-01T12:00:01Z") : null)
			.setInvoice(created ? new InvoiceSummary(7L, InvoiceStatus.OPEN, 100L, 100L, 0L, "usd", null) : null)
			.setErrorCode(errorCode)
			.build();
	}

}
