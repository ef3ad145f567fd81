package com.clinicbilling.gateway.push;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.clinicbilling.gateway.status.RequestStatusStore;
import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.schemas.RequestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open event streams of this instance. A stream holds no thread while it waits: its request is
 * asynchronous, and a small shared pool writes status events and sends one round of heartbeats to
 * every stream per interval.
 *
 * <p>Stopped before the web server's graceful shutdown (a higher lifecycle phase stops first), so
 * open streams end at once instead of holding shutdown until its time-out; clients reconnect to
 * another instance.
 */
@Component
class StatusStreams implements SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(StatusStreams.class);

	private final RequestStatusStore store;

	private final PushProperties properties;

	private final ScheduledThreadPoolExecutor pool;

	private final ClinicEvents clinicEvents;

	private final Set<OpenStream> open = ConcurrentHashMap.newKeySet();

	/** Open streams by clinic; a clinic's entry goes when its last stream closes. */
	private final Map<Long, Integer> perClinic = new ConcurrentHashMap<>();

	private volatile boolean running;

	private ScheduledFuture<?> heartbeats;

	StatusStreams(RequestStatusStore store, ClinicEvents clinicEvents, PushProperties properties) {
		this.store = store;
		this.clinicEvents = clinicEvents;
		this.properties = properties;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("status-push-");
		threads.setDaemon(true);
		this.pool = new ScheduledThreadPoolExecutor(properties.threads(), threads);
	}

	/**
	 * A stream that sends the request's current status at once, then each change, and ends after a
	 * final status; after {@code lastEventId} (a reconnecting client's), only what it has not had.
	 * @throws ProblemException (404) when the request is unknown or another clinic's, (410) when it is
	 * past the retention
	 */
	SseEmitter open(String requestId, long clinicId, String lastEventId) {
		reserve(clinicId);
		SseEmitter emitter = new SseEmitter(this.properties.timeout().toMillis());
		StatusStream stream = new StatusStream(requestId, lastEventId, emitter, this.pool, (closed) -> {
			if (this.open.remove(closed)) {
				release(clinicId);
			}
		});
		// Registered before anything can close it, so closing always finds it to remove.
		this.open.add(stream);
		// Subscribed before the current status is read: a change made between the two is then
		// delivered, not lost. A change seen twice is sent once.
		stream.subscribe(this.store);
		RequestStatus current = this.store.find(requestId)
			.filter((status) -> status.getClinicId() == clinicId)
			.orElse(null);
		if (current == null) {
			stream.close();
			// Another clinic's request answers exactly like an unknown one, as GET does.
			throw this.store.isGone(requestId, clinicId) ? ProblemException.requestGone()
					: ProblemException.requestUnknown();
		}
		emitter.onCompletion(stream::close);
		emitter.onError((ex) -> stream.close());
		emitter.onTimeout(stream::end);
		stream.send(current);
		if (!this.running) {
			stream.end();
		}
		log.debug("Opened event stream of requestId={} state={}", requestId, current.getState());
		return emitter;
	}

	/**
	 * A stream of every status change of the clinic's requests, from now or, with {@code lastEventId},
	 * from where the client's last stream stopped; it counts against the same caps.
	 */
	SseEmitter openClinic(long clinicId, String lastEventId) {
		reserve(clinicId);
		SseEmitter emitter = new SseEmitter(this.properties.timeout().toMillis());
		ClinicStream stream = new ClinicStream(clinicId, emitter, this.pool, (closed) -> {
			this.clinicEvents.unfollow(closed);
			if (this.open.remove(closed)) {
				release(clinicId);
			}
		});
		this.open.add(stream);
		emitter.onCompletion(stream::close);
		emitter.onError((ex) -> stream.close());
		emitter.onTimeout(stream::end);
		this.clinicEvents.follow(stream, lastEventId);
		if (!this.running) {
			stream.end();
		}
		log.debug("Opened the event stream of clinicId={} after {}", clinicId, lastEventId);
		return emitter;
	}

	/**
	 * Counts a stream against its clinic's cap and the instance's, or refuses it (429). Counted before
	 * the stream exists, so concurrent opens cannot overshoot a cap.
	 */
	private void reserve(long clinicId) {
		boolean[] refused = { false };
		this.perClinic.compute(clinicId, (clinic, count) -> {
			int current = (count != null) ? count : 0;
			if (current >= this.properties.maxStreamsPerClinic()) {
				refused[0] = true;
				return count;
			}
			return current + 1;
		});
		if (refused[0]) {
			log.debug("Refused an event stream of clinicId={}: {} open", clinicId, this.properties.maxStreamsPerClinic());
			throw ProblemException.tooManyStreams("This clinic has " + this.properties.maxStreamsPerClinic()
					+ " event streams open on this instance; close one or poll the status instead",
					this.properties.retryAfter());
		}
		if (this.open.size() >= this.properties.maxStreams()) {
			release(clinicId);
			throw ProblemException.tooManyStreams(
					"This instance has its most event streams open; poll the status or retry later",
					this.properties.retryAfter());
		}
	}

	private void release(long clinicId) {
		this.perClinic.computeIfPresent(clinicId, (clinic, count) -> (count > 1) ? count - 1 : null);
	}

	int openCount() {
		return this.open.size();
	}

	private void sendHeartbeats() {
		for (OpenStream stream : List.copyOf(this.open)) {
			try {
				stream.heartbeat();
			}
			catch (RuntimeException ex) {
				// A periodic task that throws is never run again: one bad stream must not end them all.
				log.warn("Heartbeat failed", ex);
			}
		}
	}

	@Override
	public void start() {
		long interval = this.properties.heartbeatInterval().toMillis();
		this.heartbeats = this.pool.scheduleWithFixedDelay(this::sendHeartbeats, interval, interval,
				TimeUnit.MILLISECONDS);
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.heartbeats != null) {
			this.heartbeats.cancel(false);
		}
		int ended = this.open.size();
		List.copyOf(this.open).forEach(OpenStream::end);
		if (ended > 0) {
			log.info("Ended {} open event stream(s) for shutdown", ended);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public void destroy() {
		this.pool.shutdownNow();
	}

}
