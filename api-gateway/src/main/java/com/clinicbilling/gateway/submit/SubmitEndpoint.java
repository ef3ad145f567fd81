package com.clinicbilling.gateway.submit;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import com.clinicbilling.gateway.pipeline.LaneBacklog;
import com.clinicbilling.gateway.security.ClinicPrincipal;
import com.clinicbilling.gateway.status.RequestStatusStore;
import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.gateway.system.ProblemWriter;
import com.clinicbilling.gateway.system.SubmitFilter;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.CreateInvoiceRules;
import com.clinicbilling.schemas.CreateInvoiceRules.Violation;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * {@code POST /v1/invoices}, answered by the last filter of the security chain rather than by Spring
 * MVC: the profile of a submission (BENCHMARKS.md, "Front door") spent a quarter of its CPU in the
 * {@code DispatcherServlet}, its argument resolvers and return-value handlers, and ran every filter a
 * second time only to write the 202 of the completed future. Here the body (already read whole by
 * {@code BodyReader}) is bound with the application's {@link JsonMapper} and checked, a key reused
 * with another body is refused, the command goes to the {@link CommandIntake}, and the answer is
 * written once Kafka acknowledged the command, on a container thread ({@link AsyncContext#start}) so
 * that a client slow to read its answer never holds the producer's thread. Every filter in front of
 * this one (admission, observation, security, rate limit, body reading) stays as it was.
 *
 * <p>The check of a reused key is an optimisation, not the guarantee: two identical requests racing
 * on two instances can both be published, and the worker, which owns idempotency, makes one invoice
 * of them.
 */
final class SubmitEndpoint extends SubmitFilter {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private static final Logger log = LoggerFactory.getLogger(SubmitEndpoint.class);

	private final CreateInvoiceRules rules;

	private final RequestStatusStore store;

	private final CommandIntake intake;

	private final Clock clock;

	private final ObjectProvider<LaneBacklog> lanes;

	private final ObjectReader requests;

	private final JsonMapper jsonMapper;

	private final ProblemWriter problems;

	private final Duration retryAfter;

	/** Longest wait for Kafka's answer: the producer's own time-outs answer first, this is the backstop. */
	private final Duration timeout;

	SubmitEndpoint(RequestStatusStore store, CommandIntake intake, Clock clock, ObjectProvider<LaneBacklog> lanes,
			JsonMapper jsonMapper, ProblemWriter problems, SubmitProperties properties) {
		// No clock skew at the edge: the clock that checks paidAt is the one accepting it.
		this.rules = new CreateInvoiceRules(properties.currencies(), clock, Duration.ZERO);
		this.store = store;
		this.intake = intake;
		this.clock = clock;
		this.lanes = lanes;
		this.requests = jsonMapper.readerFor(InvoiceRequest.class);
		this.jsonMapper = jsonMapper;
		this.problems = problems;
		this.retryAfter = properties.retryAfter();
		this.timeout = properties.maxBlock().plus(properties.deliveryTimeout()).plusSeconds(1);
	}

	/** The ASYNC dispatch of a body that was read without a thread ends here too. */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws IOException {
		// The tag uri="/v1/invoices" of http.server.requests, which Spring MVC would have set.
		ServerHttpObservationFilter.findObservationContext(request)
			.ifPresent((context) -> context.setPathPattern(PATH));
		CompletableFuture<RequestStatus> status;
		try {
			status = submit(clinicId(), request.getHeader(IDEMPOTENCY_KEY), read(request));
		}
		catch (ProblemException problem) {
			this.problems.answer(response, problem);
			return;
		}
		catch (RuntimeException ex) {
			log.error("Unexpected failure of a submission", ex);
			this.problems.answer(response, ProblemException.unexpected());
			return;
		}
		if (status.isDone()) {
			// A retry answered from the status store, or a publisher that completed at once.
			answer(response, status);
			return;
		}
		AsyncContext async = request.startAsync(request, response);
		async.setTimeout(this.timeout.toMillis());
		Answer answer = new Answer(async, response);
		async.addListener(answer);
		status.whenComplete((result, failure) -> answer.once(() -> async.start(() -> answer.write(status))));
	}

	/**
	 * @return completes with the request's status: PENDING when just accepted, or whatever a retry finds
	 * @throws ProblemException when the request breaks a rule or reuses a key
	 */
	private CompletableFuture<RequestStatus> submit(long clinicId, String idempotencyKey, InvoiceRequest request) {
		// Avro keeps milliseconds; truncating here keeps the local copy equal to the one in Kafka.
		Instant acceptedAt = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
		CommandDraft draft = CommandDraft.of(request, clinicId, idempotencyKey, acceptedAt);
		List<Violation> violations = draft.violations(this.rules);
		if (!violations.isEmpty()) {
			throw ProblemException.validationFailed(violations);
		}
		CreateInvoice command = draft.command();
		// A retry's owner is itself (same key and body, same fingerprint); only another body is refused.
		Optional<String> owner = this.store.ownerFingerprint(clinicId, command.getIdempotencyKey());
		if (owner.isPresent() && !owner.get().equals(command.getBodyFingerprint())) {
			log.debug("Key reused with another body by clinicId={}", clinicId);
			throw ProblemException.idempotencyKeyReused();
		}
		return this.intake.accept(command);
	}

	private InvoiceRequest read(HttpServletRequest request) throws IOException {
		String contentType = request.getContentType();
		if (!isJson(contentType)) {
			throw ProblemException.unsupportedMediaType(contentType, MediaType.APPLICATION_JSON);
		}
		byte[] body = request.getInputStream().readAllBytes();
		InvoiceRequest invoice;
		try {
			invoice = (body.length > 0) ? this.requests.readValue(body) : null;
		}
		catch (JacksonException ex) {
			throw ProblemException.malformedBody(ex);
		}
		if (invoice == null) {
			throw ProblemException.malformedBody(null);
		}
		return invoice;
	}

	private static boolean isJson(String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.APPLICATION_JSON.includes(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	/** The security chain in front authorized a JWT bearer with the write scope. */
	private static long clinicId() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return ClinicPrincipal.clinicId(((JwtAuthenticationToken) authentication).getToken());
	}

	private void answer(HttpServletResponse response, CompletableFuture<RequestStatus> status) throws IOException {
		RequestStatus accepted;
		try {
			accepted = status.join();
		}
		catch (CompletionException ex) {
			unavailable(response, (ex.getCause() instanceof ProblemException known) ? known
					: ProblemException.kafkaUnavailable(this.retryAfter, ex.getCause()));
			return;
		}
		String statusUrl = "/v1/invoice-requests/" + accepted.getRequestId();
		response.setStatus(HttpServletResponse.SC_ACCEPTED);
		response.setHeader(HttpHeaders.LOCATION, statusUrl);
		if (accepted.getState() == RequestState.PENDING) {
			// The expected wait in the interactive lane, where every API submission goes.
			LaneBacklog lanes = this.lanes.getIfAvailable();
			long wait = (lanes != null) ? lanes.retryAfterSeconds(Topics.COMMANDS) : 1;
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
		}
		byte[] body = this.jsonMapper.writeValueAsBytes(new Accepted(accepted.getRequestId(),
				accepted.getState().name(), statusUrl, statusUrl + "/events"));
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

	/** The cause (e.g. a Kafka time-out) is for operators; the client gets the problem only. */
	private void unavailable(HttpServletResponse response, ProblemException problem) throws IOException {
		log.warn("Answering {} {}: {}", problem.status().value(), problem.getBody().getType(),
				(problem.getCause() != null) ? problem.getCause().toString() : "");
		this.problems.answer(response, problem);
	}

	record Accepted(String requestId, String status, String statusUrl, String eventsUrl) {
	}

	/**
	 * The one answer of a request that waits for Kafka: written on completion of the future or at the
	 * time-out, whichever comes first; the other does nothing.
	 */
	private final class Answer implements AsyncListener {

		private final AtomicBoolean given = new AtomicBoolean();

		private final AsyncContext async;

		private final HttpServletResponse response;

		Answer(AsyncContext async, HttpServletResponse response) {
			this.async = async;
			this.response = response;
		}

		void once(Runnable action) {
			if (this.given.compareAndSet(false, true)) {
				action.run();
			}
		}

		void write(CompletableFuture<RequestStatus> status) {
			try {
				answer(this.response, status);
			}
			catch (IOException | RuntimeException ex) {
				// The client went away before its answer: it retries with the same key.
				log.debug("Writing a submission's answer failed: {}", ex.toString());
			}
			finally {
				this.async.complete();
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			if (this.given.compareAndSet(false, true)) {
				try {
					unavailable(this.response, ProblemException.kafkaUnavailable(SubmitEndpoint.this.retryAfter,
							new TimeoutException("No answer from Kafka within " + SubmitEndpoint.this.timeout)));
				}
				finally {
					this.async.complete();
				}
			}
		}

		@Override
		public void onError(AsyncEvent event) {
			// The connection broke; the container completes the request.
			this.given.set(true);
		}

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

}
