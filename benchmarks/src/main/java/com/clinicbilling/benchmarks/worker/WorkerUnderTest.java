package com.clinicbilling.benchmarks.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import com.clinicbilling.benchmarks.kafka.WorkerLag;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.worker.WorkerApplication;
import com.clinicbilling.worker.invoice.InvoiceBatchProcessor;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The real worker, started in-process with a pool size and a batch size, as an operator would
 * start it. Between drains its consumers are paused, not stopped: a paused consumer stays in its
 * group, so no drain is measured across a consumer-group rebalance (which happens once, at start,
 * and is reported as start-up time instead).
 *
 * <p>The one class of the benchmarks that reaches inside an application (the module rules,
 * {@code ModuleRulesTest}): everything else talks to the system over HTTP and Kafka, as its
 * clients do. Why here: pausing and resuming the consumers exactly at a drain's edges, and
 * {@link #processDirectly} (the worker's processor without Kafka, for the share Kafka's side
 * leaves), need the worker's own objects; a worker in another process could only be timed from
 * its statuses, with its start-up rebalance and its idle polls inside the measured window.
 */
final class WorkerUnderTest implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(WorkerUnderTest.class);

	/** The worker's listener id, which is also its consumer group. */
	static final String LISTENER_ID = WorkerLag.GROUP;

	/** Connections of the worker show up under this name in {@code pg_stat_activity}. */
	static final String APPLICATION_NAME = "invoice-worker-bench";

	private final ConfigurableApplicationContext context;

	private final MessageListenerContainer container;

	private final int concurrency;

	private final int batchSize;

	private WorkerUnderTest(ConfigurableApplicationContext context, int concurrency, int batchSize) {
		this.context = context;
		this.container = context.getBean(KafkaListenerEndpointRegistry.class).getListenerContainer(LISTENER_ID);
		this.concurrency = concurrency;
		this.batchSize = batchSize;
	}

	/** The application class as built, for the report's list of artifacts. */
	static Class<?> application() {
		return WorkerApplication.class;
	}

	/**
	 * The worker's own batch processing (its decisions, reads and set-based writes, one transaction
	 * per batch) called directly from as many threads as the pool has connections, without Kafka:
	 * the rate (invoices/s) the drain would reach if consuming, publishing statuses and committing
	 * offsets were free. Drain rate ÷ this rate is the share Kafka's side leaves.
	 */
	double processDirectly(List<CreateInvoice> commands, int batchSize) throws Exception {
		InvoiceBatchProcessor processor = this.context.getBean(InvoiceBatchProcessor.class);
		List<List<CreateInvoice>> batches = new ArrayList<>();
		for (int from = 0; from < commands.size(); from += batchSize) {
			batches.add(commands.subList(from, Math.min(commands.size(), from + batchSize)));
		}
		AtomicInteger next = new AtomicInteger();
		AtomicInteger created = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(this.concurrency);
		try {
			long started = System.nanoTime();
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < this.concurrency; t++) {
				done.add(pool.submit(() -> {
					for (int b = next.getAndIncrement(); b < batches.size(); b = next.getAndIncrement()) {
						for (RequestStatus status : processor.process(batches.get(b))) {
							if (status.getState() == RequestState.CREATED) {
								created.incrementAndGet();
							}
						}
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
			double rate = commands.size() / ((System.nanoTime() - started) / 1e9);
			if (created.get() != commands.size()) {
				throw new IllegalStateException("Direct processing created " + created.get() + " of " + commands.size());
			}
			return rate;
		}
		finally {
			pool.shutdownNow();
		}
	}

	int concurrency() {
		return this.concurrency;
	}

	int batchSize() {
		return this.batchSize;
	}

	static WorkerUnderTest start(Infrastructure infrastructure, int concurrency, int batchSize) {
		List<String> args = List.of("--spring.kafka.bootstrap-servers=" + infrastructure.bootstrapServers(),
				"--spring.datasource.url=" + infrastructure.jdbcUrl(), "--spring.datasource.username=postgres",
				"--spring.datasource.password=postgres", "--spring.main.web-application-type=none",
				"--spring.datasource.hikari.data-source-properties.ApplicationName=" + APPLICATION_NAME,
				"--invoice.worker.concurrency=" + concurrency, "--invoice.worker.batch-size=" + batchSize,
				"--spring.jmx.enabled=false", "--spring.main.banner-mode=off");
		ConfigurableApplicationContext context = WorkerApplication.builder()
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run(args.toArray(String[]::new));
		return new WorkerUnderTest(context, concurrency, batchSize);
	}

	/** Waits until every consumer has its partitions, i.e. the start-up rebalance is over. */
	void awaitAssigned(Duration timeout) {
		// The worker reads every lane's topic: each has the benchmark's partitions, the bulk one empty.
		int assignable = Infrastructure.PARTITIONS * Topics.COMMAND_TOPICS.size();
		int expectedMembers = Math.min(this.concurrency, assignable);
		await("partitions assigned to " + expectedMembers + " consumers", timeout, () -> {
			Map<String, Collection<TopicPartition>> assignments = this.container.getAssignmentsByClientId();
			if (assignments == null) {
				return false;
			}
			Set<TopicPartition> all = new HashSet<>();
			long members = assignments.values().stream().filter((partitions) -> !partitions.isEmpty()).count();
			assignments.values().forEach(all::addAll);
			return members == expectedMembers && all.size() == assignable;
		});
	}

	void pause(Duration timeout) {
		this.container.pause();
		await("consumers paused", timeout, this.container::isContainerPaused);
	}

	void resume() {
		this.container.resume();
	}

	/**
	 * Waits until the group has committed every offset of {@code invoice.commands}: the last batch's
	 * statuses are published, so the next drain starts on exactly its own backlog.
	 */
	void awaitCaughtUp(Admin admin, Duration timeout) {
		await("offsets committed to the end of " + Topics.COMMANDS, timeout, () -> lag(admin) == 0);
	}

	private static long lag(Admin admin) {
		try {
			return WorkerLag.of(admin).waiting();
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw new IllegalStateException("Could not read the consumer group's lag", ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

	private static void await(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Timed out after " + timeout + " waiting for " + what);
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted waiting for " + what, ex);
			}
		}
		logger.debug("Done waiting for {}", what);
	}

}
