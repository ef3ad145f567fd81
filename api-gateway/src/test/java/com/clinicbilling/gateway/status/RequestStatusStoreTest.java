package com.clinicbilling.gateway.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.InvoiceSummary;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestStatusStoreTest {

	private final RequestStatusStore store = new RequestStatusStore(
			new StatusStoreProperties(100, Duration.ofDays(7), Duration.ofMillis(500), Duration.ofSeconds(5),
					Duration.ofSeconds(3), Duration.ofMillis(10)));

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
