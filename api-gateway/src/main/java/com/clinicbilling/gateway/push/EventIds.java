package com.clinicbilling.gateway.push;

import java.util.Map;
import java.util.TreeMap;

import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;

/**
 * Event ids that mean the same on every gateway instance, so a client may resume on any of them
 * with {@code Last-Event-ID}.
 *
 * <p>A request's own stream has at most two events, PENDING then a final one: the id is the state.
 * The clinic stream's id is how far into each partition of {@code invoice.request-status} the
 * changes sent so far reach ({@code partition-nextOffset} pairs joined with {@code .}): every
 * instance reads the same records at the same positions, so whichever instance a client comes back
 * to can send exactly the status records it has not been sent.
 */
final class EventIds {

	private EventIds() {
	}

	static String ofState(RequestStatus status) {
		return status.getState().name();
	}

	/** Whether the client already has {@code status} by its last id on the request's stream. */
	static boolean seen(RequestStatus status, String lastEventId) {
		if (lastEventId == null) {
			return false;
		}
		if (lastEventId.equals(ofState(status))) {
			return true;
		}
		// A final status seen means nothing is left to send, whatever is stored now.
		return status.getState() == RequestState.PENDING && isFinalState(lastEventId);
	}

	private static boolean isFinalState(String id) {
		for (RequestState state : RequestState.values()) {
			if (state != RequestState.PENDING && state.name().equals(id)) {
				return true;
			}
		}
		return false;
	}

	static String ofPositions(Map<Integer, Long> nextOffsets) {
		StringBuilder id = new StringBuilder();
		new TreeMap<>(nextOffsets).forEach((partition, next) -> {
			if (!id.isEmpty()) {
				id.append('.');
			}
			id.append(partition).append('-').append(next);
		});
		return id.isEmpty() ? "0" : id.toString();
	}

	/**
	 * The next offsets a clinic stream's id names; a partition it does not name starts at 0. An id
	 * that is not one of ours is {@code null}: the stream then starts from now, as without one.
	 */
	static Map<Integer, Long> parsePositions(String id) {
		if (id == null || id.isBlank()) {
			return null;
		}
		Map<Integer, Long> positions = new TreeMap<>();
		if (id.equals("0")) {
			return positions;
		}
		try {
			for (String pair : id.split("\\.")) {
				int dash = pair.indexOf('-');
				int partition = Integer.parseInt(pair.substring(0, dash));
				long next = Long.parseLong(pair.substring(dash + 1));
				if (partition < 0 || next < 0) {
					return null;
				}
				positions.put(partition, next);
			}
		}
		catch (RuntimeException ex) {
			return null;
		}
		return positions;
	}

}
