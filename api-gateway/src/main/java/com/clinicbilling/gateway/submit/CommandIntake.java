package com.clinicbilling.gateway.submit;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import com.clinicbilling.gateway.status.RequestStatusStore;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Takes in a command from any source (HTTP submission, Stripe webhook): a retry is answered with the
 * status already known; otherwise the command is published and, once Kafka acknowledged it, its
 * PENDING status is applied here at once, so the instance that answers 202 answers PENDING too.
 * Other instances learn it from the command topic.
 * How many submissions may be in progress is decided before they get here ({@link SubmitAdmission}).
 */
@Service
public class CommandIntake {

	private static final Logger log = LoggerFactory.getLogger(CommandIntake.class);

	private final RequestStatusStore store;

	private final CommandPublisher publisher;

	CommandIntake(RequestStatusStore store, CommandPublisher publisher) {
		this.store = store;
		this.publisher = publisher;
	}

	/**
	 * @return completes with the request's status (PENDING when just stored) once Kafka acknowledged
	 * the command, or with a {@link com.clinicbilling.gateway.system.ProblemException} (503)
	 */
	public CompletableFuture<RequestStatus> accept(CreateInvoice command) {
		Optional<RequestStatus> known = this.store.find(command.getRequestId());
		if (known.isPresent()) {
			log.debug("Retry of requestId={} answered with state={}", command.getRequestId(), known.get().getState());
			return CompletableFuture.completedFuture(known.get());
		}
		return this.publisher.publish(command).thenApply((ignored) -> {
			RequestStatus pending = this.store.accepted(command);
			log.debug("Accepted requestId={} clinicId={}", command.getRequestId(), command.getClinicId());
			return pending;
		});
	}

}
