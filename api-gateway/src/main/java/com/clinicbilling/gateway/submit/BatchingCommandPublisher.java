package com.clinicbilling.gateway.submit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Stores each accepted command with its PENDING status in a Kafka transaction, several submissions
 * per transaction (group commit). Either a command and its status both become visible or neither.
 *
 * <p>Why not one transaction per request: a producer runs one transaction at a time and each costs
 * several broker round trips, so concurrent requests each need a producer of their own. At 1,000
 * requests/s that grew to hundreds of producers (a thread each) and the gateway collapsed under its
 * own load. Here a few threads take whatever submissions are waiting into one transaction: a lone
 * request still goes at once, and under load the batches grow while the cost per request falls. A
 * failed transaction answers every submission in it with 503; none of its records become visible.
 */
class BatchingCommandPublisher implements CommandPublisher, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(BatchingCommandPublisher.class);

	private final KafkaTemplate<String, byte[]> template;

	private final ObservationRegistry observations;

	private final PublisherProperties properties;

	private final Duration retryAfter;

	private final BlockingQueue<Submission> queue;

	private final AvroSerde<CreateInvoice> commands = AvroSerde.createInvoice();

	private final AvroSerde<RequestStatus> statuses = AvroSerde.requestStatus();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	BatchingCommandPublisher(KafkaTemplate<String, byte[]> template, ObservationRegistry observations,
			PublisherProperties properties, Duration retryAfter) {
		this.template = template;
		this.observations = observations;
		this.properties = properties;
		this.retryAfter = retryAfter;
		this.queue = new ArrayBlockingQueue<>(properties.maxQueued());
	}

	/** One submission; {@code parent} is the request's observation, so the send joins its trace. */
	private record Submission(String commandKey, byte[] command, String requestId, byte[] status, Observation parent,
			CompletableFuture<Void> stored) {
	}

	@Override
	public void publish(CreateInvoice command, RequestStatus pending) {
		Submission submission = new Submission(Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()),
				this.commands.encode(command), pending.getRequestId(), this.statuses.encode(pending),
				this.observations.getCurrentObservation(), new CompletableFuture<>());
		if (!this.running || !this.queue.offer(submission)) {
			throw ProblemException.kafkaUnavailable(this.retryAfter,
					new IllegalStateException(this.running ? "Publisher queue full" : "Publisher stopped"));
		}
		try {
			submission.stored().get(this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw ProblemException.kafkaUnavailable(this.retryAfter, ex.getCause());
		}
		catch (TimeoutException ex) {
			// Not yet in a transaction: it never will be. Already in one: it may still commit, as a
			// timed-out commit may; the client retries with the same key, which yields the same
			// request id, and the worker makes one invoice of it.
			submission.stored().completeExceptionally(ex);
			throw ProblemException.kafkaUnavailable(this.retryAfter, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ProblemException.kafkaUnavailable(this.retryAfter, ex);
		}
	}

	int queued() {
		return this.queue.size();
	}

	private void run() {
		List<Submission> batch = new ArrayList<>(this.properties.maxBatch());
		// After stop() the queue is drained: nothing accepted into it is left unanswered.
		while (this.running || !this.queue.isEmpty()) {
			try {
				Submission first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.properties.maxBatch() - 1);
				// Those whose request stopped waiting are answered 503 already: never store them now.
				batch.removeIf((submission) -> submission.stored().isDone());
				if (!batch.isEmpty()) {
					commit(batch);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				batch.forEach((submission) -> submission.stored().completeExceptionally(ex));
				log.error("Publisher thread failed a batch unexpectedly", ex);
			}
			finally {
				batch.clear();
			}
		}
	}

	private void commit(List<Submission> batch) {
		try {
			this.template.executeInTransaction((operations) -> {
				batch.forEach((submission) -> send(operations, submission));
				return null;
			});
		}
		catch (RuntimeException ex) {
			// Kafka unreachable, a time-out or a fenced producer: every submission of the batch is a 503.
			batch.forEach((submission) -> submission.stored().completeExceptionally(ex));
			return;
		}
		batch.forEach((submission) -> submission.stored().complete(null));
		log.debug("Stored {} command(s) in one transaction", batch.size());
	}

	private static void send(KafkaOperations<String, byte[]> operations, Submission submission) {
		if (submission.parent() == null) {
			sendBoth(operations, submission);
			return;
		}
		// The template's send observation takes the current one as parent: the request's, opened
		// here on the publisher thread, so the command carries the caller's traceparent.
		try (Observation.Scope scope = submission.parent().openScope()) {
			sendBoth(operations, submission);
		}
	}

	private static void sendBoth(KafkaOperations<String, byte[]> operations, Submission submission) {
		operations.send(Topics.COMMANDS, submission.commandKey(), submission.command());
		operations.send(Topics.REQUEST_STATUS, submission.requestId(), submission.status());
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.properties.threads(); i++) {
			Thread thread = new Thread(this::run, "command-publisher-" + i);
			thread.setDaemon(true);
			thread.start();
			this.threads.add(thread);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(this.properties.timeout().toMillis() * 2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Started before the web server takes requests and stopped after it has answered the last one
	 * (the web server's lifecycle phases are {@code DEFAULT_PHASE - 1024} and {@code - 2048}).
	 */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

}
