package com.clinicbilling.gateway.push;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.clinicbilling.gateway.status.RequestStatusStore;
import com.clinicbilling.gateway.status.RequestStatusStore.StatusPosition;
import com.clinicbilling.gateway.status.StatusView;
import com.clinicbilling.schemas.RequestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Hands every status change to the open streams of its clinic, with an id that names how far into the
 * status topic the changes sent so far reach ({@link EventIds}). The latest changes read from the
 * topic are kept (the resume window, {@code invoice.gateway.push.resume-window}), so a stream that
 * resumes with {@code Last-Event-ID}, on this or any other instance, is first sent every one of its
 * clinic's status records it has not been sent. A PENDING this instance made itself has no position
 * in the topic: it is sent live, and a resumed stream gets the request's final status from the topic.
 */
@Component
class ClinicEvents {

	private static final Logger log = LoggerFactory.getLogger(ClinicEvents.class);

	private final int window;

	/** The next offset of each status-topic partition: every change before it has been handed out. */
	private final Map<Integer, Long> next = new HashMap<>();

	/** The latest changes read from the topic, oldest first. */
	private final ArrayDeque<Change> journal = new ArrayDeque<>();

	/** Per partition, the offset before which changes fell out of the journal. */
	private final Map<Integer, Long> forgotten = new HashMap<>();

	private final Map<Long, Set<ClinicStream>> followers = new ConcurrentHashMap<>();

	private record Change(RequestStatus status, StatusPosition position) {
	}

	ClinicEvents(RequestStatusStore store, PushProperties properties) {
		this.window = properties.resumeWindow();
		store.subscribeAll(this::changed, this.window);
	}

	private void changed(RequestStatus status, StatusPosition position) {
		if (position == null && !this.followers.containsKey(status.getClinicId())) {
			// A submission's own PENDING, and nobody of its clinic follows: no lock on the submit path.
			return;
		}
		synchronized (this) {
			if (position != null) {
				this.next.merge(position.partition(), position.offset() + 1, Math::max);
				this.journal.addLast(new Change(status, position));
				if (this.journal.size() > this.window) {
					StatusPosition dropped = this.journal.removeFirst().position();
					this.forgotten.merge(dropped.partition(), dropped.offset() + 1, Math::max);
				}
			}
			Set<ClinicStream> streams = this.followers.get(status.getClinicId());
			if (streams != null && !streams.isEmpty()) {
				String id = EventIds.ofPositions(this.next);
				StatusView view = StatusView.of(status);
				streams.forEach((stream) -> stream.offer(StatusStream.EVENT, id, view));
			}
		}
	}

	/**
	 * Starts handing the clinic's changes to {@code stream}: first a {@code ready} event naming where it
	 * starts, then, when it resumes after {@code lastEventId}, every change it has not been sent, then
	 * each new one. All under one lock with {@link #changed}, so no change falls between them.
	 */
	synchronized void follow(ClinicStream stream, String lastEventId) {
		long clinicId = stream.clinicId();
		this.followers.computeIfAbsent(clinicId, (id) -> ConcurrentHashMap.newKeySet()).add(stream);
		Map<Integer, Long> after = EventIds.parsePositions(lastEventId);
		if (after == null) {
			stream.offer(ClinicStream.READY, EventIds.ofPositions(this.next), Map.of("clinicId", clinicId));
			return;
		}
		stream.offer(ClinicStream.READY, EventIds.ofPositions(after), Map.of("clinicId", clinicId));
		this.forgotten.forEach((partition, offset) -> {
			if (offset > after.getOrDefault(partition, 0L)) {
				log.info("Clinic stream of clinicId={} resumes from partition {} offset {}, before the resume window"
						+ " (from offset {}): older changes are not sent again", clinicId, partition,
						after.getOrDefault(partition, 0L), offset);
			}
		});
		Map<Integer, Long> reached = new HashMap<>(after);
		for (Change change : this.journal) {
			StatusPosition position = change.position();
			if (position.offset() < after.getOrDefault(position.partition(), 0L)) {
				continue;
			}
			reached.merge(position.partition(), position.offset() + 1, Math::max);
			if (change.status().getClinicId() == clinicId) {
				stream.offer(StatusStream.EVENT, EventIds.ofPositions(reached), StatusView.of(change.status()));
			}
		}
	}

	void unfollow(ClinicStream stream) {
		this.followers.computeIfPresent(stream.clinicId(), (clinic, streams) -> {
			streams.remove(stream);
			return streams.isEmpty() ? null : streams;
		});
	}

}
