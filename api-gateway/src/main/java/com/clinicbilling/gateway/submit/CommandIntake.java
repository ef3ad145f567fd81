package com.clinicbilling.gateway.submit;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import com.clinicbilling.gateway.status.RequestStatusStore;
import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Takes in a command from any source (HTTP submission, Stripe webhook): a retry is answered with the
 * status already known; otherwise the command is published and, once Kafka acknowledged it, its
 * PENDING status is applied here at once, so the instance that answers 202 answers PENDING too.
 * Other instances learn it from the command topic.
 *
 * <p>Admission: at most {@code max-in-flight} commands wait for Kafka at a time. Beyond that a
 * command is refused at once with 503 and Retry-After (nothing published): above capacity the
 * gateway sheds instead of queueing, and the clients retry with the same key, so nothing is lost.
 */
@Service
public class CommandIntake {

	private static final Logger log = LoggerFactory.getLogger(CommandIntake.class);

	private final RequestStatusStore store;

	private final CommandPublisher publisher;

	private final SubmitProperties properties;

	private final Semaphore inFlight;

	CommandIntake(RequestStatusStore store, CommandPublisher publisher, SubmitProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		this.store = store;
		this.publisher = publisher;
		this.properties = properties;
		this.inFlight = new Semaphore(properties.maxInFlight());
		meters.ifAvailable((registry) -> Gauge
			.builder("gateway.commands.in_flight", this, (intake) -> intake.inFlight())
			.description("Commands published and not yet acknowledged by Kafka")
			.register(registry));
	}

	/**
	 * @return completes with the request's status (PENDING when just stored) once Kafka acknowledged
	 * the command, or with a {@link ProblemException} (503)
	 * @throws ProblemException (503 overloaded) when too many commands wait for Kafka already
	 */
	public CompletableFuture<RequestStatus> accept(CreateInvoice command) {
		Optional<RequestStatus> known = this.store.find(command.getRequestId());
		if (known.isPresent()) {
			log.debug("Retry of requestId={} answered with state={}", command.getRequestId(), known.get().getState());
			return CompletableFuture.completedFuture(known.get());
		}
		if (!this.inFlight.tryAcquire()) {
			throw ProblemException.overloaded(this.properties.retryAfter());
		}
		CompletableFuture<Void> stored;
		try {
			stored = this.publisher.publish(command);
		}
		catch (RuntimeException ex) {
			this.inFlight.release();
			throw ex;
		}
		return stored.whenComplete((ignored, failure) -> this.inFlight.release()).thenApply((ignored) -> {
			RequestStatus pending = this.store.accepted(command);
			log.debug("Accepted requestId={} clinicId={}", command.getRequestId(), command.getClinicId());
			return pending;
		});
	}

	int inFlight() {
		return this.properties.maxInFlight() - this.inFlight.availablePermits();
	}

}
