package com.clinicbilling.gateway.status;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * The latest {@link RequestStatus} of every recent request, and which request owns each
 * {@code clinicId:idempotencyKey}. Fed by the status topic (every instance reads all of it) and, at
 * once, by this instance's own accepted commands.
 *
 * <p>Statuses can arrive out of order: the gateway's own PENDING may be read from Kafka after the
 * worker's final status was, so a final status is never replaced by a PENDING one.
 */
@Component
@EnableConfigurationProperties(StatusStoreProperties.class)
public class RequestStatusStore {

	/** The worker's rejection of a second body under a key another request already owns. */
	static final String KEY_REUSED = "idempotency_key_reused";

	private static final Logger log = LoggerFactory.getLogger(RequestStatusStore.class);

	private final Cache<String, RequestStatus> statuses;

	private final Cache<String, KeyOwner> owners;

	private final Map<String, List<Consumer<RequestStatus>>> listeners = new ConcurrentHashMap<>();

	private final List<BiConsumer<RequestStatus, StatusPosition>> changeListeners = new CopyOnWriteArrayList<>();

	RequestStatusStore(StatusStoreProperties properties) {
		this.statuses = Caffeine.newBuilder()
			.maximumSize(properties.maxEntries())
			.expireAfterWrite(properties.expireAfterWrite())
			.build();
		this.owners = Caffeine.newBuilder()
			.maximumSize(properties.maxEntries())
			.expireAfterWrite(properties.expireAfterWrite())
			.build();
	}

	/** A subscription to one request's changes; closing it stops the calls. */
	public interface Subscription extends AutoCloseable {

		@Override
		void close();

	}

	/**
	 * Where a status was read in {@code invoice.request-status}: the same on every instance, so it can
	 * name a change across instances (event ids).
	 */
	public record StatusPosition(int partition, long offset) {
	}

	public Optional<RequestStatus> find(String requestId) {
		return Optional.ofNullable(this.statuses.getIfPresent(requestId));
	}

	/**
	 * The body fingerprint of the request that owns this key of this clinic, when known. A request
	 * the worker rejected for reusing the key never owns it.
	 */
	public Optional<String> ownerFingerprint(long clinicId, String idempotencyKey) {
		KeyOwner owner = this.owners.getIfPresent(Topics.commandKey(clinicId, idempotencyKey));
		return (owner != null && owner.rank() > KeyOwner.REUSE_REJECTED) ? Optional.of(owner.bodyFingerprint())
				: Optional.empty();
	}

	/**
	 * Records a status unless the store already holds a final one for that request; listeners of
	 * the request are then called with the status now stored.
	 * @return whether the stored status changed
	 */
	public boolean apply(RequestStatus status) {
		return apply(status, null);
	}

	/**
	 * {@link #apply(RequestStatus)} for a status read from the status topic at {@code position}
	 * ({@code null} for one this instance made itself).
	 */
	public boolean apply(RequestStatus status, StatusPosition position) {
		boolean[] changed = { false };
		RequestStatus stored = this.statuses.asMap().compute(status.getRequestId(), (id, current) -> {
			if (current != null && (current.equals(status) || (isFinal(current) && !isFinal(status)))) {
				return current;
			}
			changed[0] = true;
			return status;
		});
		if (!changed[0]) {
			log.debug("Kept requestId={} state={} over state={}", stored.getRequestId(), stored.getState(),
					status.getState());
			return false;
		}
		KeyOwner candidate = KeyOwner.of(status);
		this.owners.asMap()
			.merge(Topics.commandKey(status.getClinicId(), status.getIdempotencyKey()), candidate,
					(current, incoming) -> current.requestId().equals(incoming.requestId())
							|| incoming.rank() > current.rank() ? incoming : current);
		// The status read back after compute, not the argument: two racing writers then both report
		// the winner, and a listener never sees a request go back to PENDING.
		RequestStatus now = find(status.getRequestId()).orElse(stored);
		notifyListeners(now);
		notifyChangeListeners(now, now.equals(status) ? position : null);
		return true;
	}

	/** Calls {@code listener} on every later change of the request, on the thread that made it. */
	public Subscription subscribe(String requestId, Consumer<RequestStatus> listener) {
		this.listeners.computeIfAbsent(requestId, (id) -> new CopyOnWriteArrayList<>()).add(listener);
		return () -> this.listeners.computeIfPresent(requestId, (id, list) -> {
			list.remove(listener);
			return list.isEmpty() ? null : list;
		});
	}

	/**
	 * Calls {@code listener} on every change of any request, with the position it was read at when it
	 * came from the status topic, on the thread that made the change, in the order of the changes.
	 */
	public Subscription subscribeAll(BiConsumer<RequestStatus, StatusPosition> listener) {
		this.changeListeners.add(listener);
		return () -> this.changeListeners.remove(listener);
	}

	long size() {
		return this.statuses.estimatedSize();
	}

	private void notifyListeners(RequestStatus status) {
		List<Consumer<RequestStatus>> subscribed = this.listeners.get(status.getRequestId());
		if (subscribed == null) {
			return;
		}
		for (Consumer<RequestStatus> listener : subscribed) {
			try {
				listener.accept(status);
			}
			catch (RuntimeException ex) {
				log.warn("Status listener failed for requestId={}", status.getRequestId(), ex);
			}
		}
	}

	private void notifyChangeListeners(RequestStatus status, StatusPosition position) {
		for (BiConsumer<RequestStatus, StatusPosition> listener : this.changeListeners) {
			try {
				listener.accept(status, position);
			}
			catch (RuntimeException ex) {
				log.warn("Status change listener failed for requestId={}", status.getRequestId(), ex);
			}
		}
	}

	static boolean isFinal(RequestStatus status) {
		return status.getState() != RequestState.PENDING;
	}

	/**
	 * The request known to hold a key. Requests of one key may sit on different partitions and be
	 * read in any order, so the owner is chosen by rank, not by arrival: a final status beats a
	 * PENDING one, which beats a rejection for reusing the key; among equals, the first seen stays.
	 */
	record KeyOwner(String requestId, String bodyFingerprint, int rank) {

		static final int REUSE_REJECTED = 0;

		static final int PENDING = 1;

		static final int FINAL = 2;

		static KeyOwner of(RequestStatus status) {
			int rank = (status.getState() == RequestState.REJECTED && KEY_REUSED.equals(status.getErrorCode()))
					? REUSE_REJECTED : isFinal(status) ? FINAL : PENDING;
			return new KeyOwner(status.getRequestId(), status.getBodyFingerprint(), rank);
		}

	}

}
