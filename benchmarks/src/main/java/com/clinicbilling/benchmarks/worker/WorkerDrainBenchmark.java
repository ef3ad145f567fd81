package com.clinicbilling.benchmarks.worker;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.clinicbilling.benchmarks.kafka.StatusWatcher;
import com.clinicbilling.benchmarks.report.CommandLines;
import com.clinicbilling.benchmarks.report.Environment;
import com.clinicbilling.schemas.CreateInvoice;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 3: how fast the worker drains a backlog, per pool size and batch size, against what the
 * same PostgreSQL allows without Kafka. Writes the "Worker drain" section of BENCHMARKS.md.
 *
 * <p>Run with {@code benchmarks/run.sh worker [--quick]}; options in {@link DrainOptions}.
 */
public final class WorkerDrainBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(WorkerDrainBenchmark.class);

	private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

	/** Invoices of the one-transaction-per-command run paired with each drain: about a second. */
	private static final int PAIRED_PER_COMMAND = 1_000;

	private final DrainOptions options;

	private final Infrastructure infrastructure;

	private final CommandPreloader preloader;

	/** The drain whose statuses the watcher is waiting for. */
	private final AtomicReference<DrainMeter.Expectation> awaited;

	private final Connection connection;

	private final Admin admin;

	private final CpuMeter cpu;

	private WorkerDrainBenchmark(DrainOptions options, Infrastructure infrastructure, CommandPreloader preloader,
			AtomicReference<DrainMeter.Expectation> awaited, Connection connection, Admin admin)
			throws java.sql.SQLException {
		this.options = options;
		this.infrastructure = infrastructure;
		this.preloader = preloader;
		this.awaited = awaited;
		this.connection = connection;
		this.admin = admin;
		this.cpu = new CpuMeter(infrastructure.postmasterPid());
	}

	public static void main(String[] args) throws Exception {
		DrainOptions options = CommandLines.parseOrExit(new DrainOptions(), args);
		run(options);
		// The embedded broker leaves non-daemon threads behind; the run is over.
		System.exit(0);
	}

	static void run(DrainOptions options) throws Exception {
		Environment environment = new Environment();
		AtomicReference<DrainMeter.Expectation> awaited = new AtomicReference<>();
		try (Infrastructure infrastructure = Infrastructure.start(options.synchronousCommit, options.fsync);
				CommandPreloader preloader = new CommandPreloader(infrastructure.bootstrapServers());
				StatusWatcher statuses = new StatusWatcher(infrastructure.bootstrapServers(),
						(requestId, status) -> DrainMeter.Expectation.seen(awaited.get(), requestId));
				Connection connection = infrastructure.connect();
				Admin admin = infrastructure.admin()) {
			WorkerDrainBenchmark benchmark = new WorkerDrainBenchmark(options, infrastructure, preloader, awaited,
					connection, admin);
			benchmark.warmUp();
			environment.version("PostgreSQL", infrastructure.postgresVersion())
				.artifact("invoice-worker under test", WorkerUnderTest.application());
			RawResults raw = new RawResults();
			benchmark.measureRaw(raw, RawResults.Phase.BEFORE);
			List<CellResult> cells = new ArrayList<>();
			for (int pool : options.pools) {
				for (int batch : options.batches) {
					cells.add(benchmark.measureCell(pool, batch, options.patients, raw));
				}
			}
			if (options.hotPatients > 0) {
				for (int pool : options.pools.stream().filter((p) -> p > 1).toList()) {
					cells.add(benchmark.measureCell(pool, 500, options.hotPatients, raw));
				}
			}
			benchmark.measureRaw(raw, RawResults.Phase.AFTER);
			String section = new DrainReport(options, cells, raw).markdown(options.report.header(environment));
			logger.info("Worker drain results:\n{}", section);
			options.report.write("worker-drain", "Worker drain", section);
			logger.info("Wrote the worker drain section of {}", options.report.output());
		}
	}

	/**
	 * Starts the worker once before anything is timed: it applies the schema (Liquibase) and warms
	 * up the JIT on the worker's code, so the first measured cell is not also the coldest.
	 */
	private void warmUp() throws Exception {
		logger.info("Warm-up: worker pool 2, batch 100");
		try (WorkerUnderTest worker = WorkerUnderTest.start(this.infrastructure, 2, 100)) {
			worker.awaitAssigned(SETTLE_TIMEOUT);
			int commands = this.options.quick.on() ? 500 : 3_000;
			DrainMeter.Drain drain = drain(worker, commands, this.options.patients).drain();
			logger.info("Warm-up drained {} commands: {}", commands, drain.outcomes());
		}
	}

	/**
	 * The drains of one pool and batch size. Right after each drain the raw baselines run once, so
	 * each drain has a ceiling measured under the same machine load (the worker idles meanwhile).
	 */
	private CellResult measureCell(int pool, int batch, int patients, RawResults raw) {
		CellResult cell = new CellResult(pool, batch, this.options.commandsFor(batch), patients);
		logger.info("Cell pool={} batch={} patients={}: starting the worker", pool, batch, patients);
		long started = System.nanoTime();
		try (WorkerUnderTest worker = WorkerUnderTest.start(this.infrastructure, pool, batch)) {
			worker.awaitAssigned(SETTLE_TIMEOUT);
			cell.startup = Duration.ofNanos(System.nanoTime() - started);
			List<StatementStats.Row> statements = List.of();
			for (int repetition = 1; repetition <= this.options.repetitions; repetition++) {
				StatementStats.reset(this.connection);
				Measured measured = drain(worker, cell.commands, patients);
				statements = StatementStats.merge(statements, StatementStats.top(this.connection, 12));
				DrainMeter.Drain drain = measured.drain();
				cell.cpu = cell.cpu.plus(measured.cpu());
				cell.drains.add(drain);
				if (drain.complete()) {
					RawResults.Sample paired = measureRawOnce(raw, RawResults.Phase.PAIRED, PAIRED_PER_COMMAND);
					cell.ceilingRatios.add(drain.invoicesPerSecond() / paired.ceiling());
					cell.perCommandRatios.add(drain.invoicesPerSecond() / paired.perCommand());
					double direct = measureDirect(worker, cell.commands, batch, patients);
					cell.directRates.add(direct);
					cell.directRatios.add(drain.invoicesPerSecond() / direct);
				}
				logger.info("Cell pool={} batch={} repetition {}: {} invoices in {} ms, {} invoices/s; {}", pool, batch,
						repetition, drain.invoices(), drain.complete() ? drain.drainTime().toMillis() : "n/a",
						String.format("%.0f", drain.invoicesPerSecond()), drain.outcomes());
				if (!drain.complete()) {
					logger.warn("Cell pool={} batch={}: drain incomplete ({} of {} invoices); skipping its other repetitions",
							pool, batch, drain.invoices(), drain.expected());
					break;
				}
			}
			cell.statements = statements;
		}
		catch (Exception ex) {
			logger.warn("Cell pool={} batch={} failed: {}", pool, batch, ex.getMessage(), ex);
			cell.failure = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
		return cell;
	}

	/** A drain and the CPU used from resuming the worker until the drain was seen complete. */
	private record Measured(DrainMeter.Drain drain, CpuMeter.Usage cpu) {
	}

	/** One timed drain: pause, preload a fresh clinic's backlog, resume, watch, wait for offsets. */
	private Measured drain(WorkerUnderTest worker, int count, int patients) throws Exception {
		worker.pause(SETTLE_TIMEOUT);
		BenchClinic clinic = BenchClinic.create(this.connection, patients);
		List<CreateInvoice> commands = CommandPreloader.commands(clinic, "drain-", count);
		this.preloader.preload(commands);
		DrainMeter.Expectation expectation = new DrainMeter.Expectation(
				commands.stream().map(CreateInvoice::getRequestId).toList());
		this.awaited.set(expectation);
		DrainEvent event = new DrainEvent();
		event.pool = worker.concurrency();
		event.batch = worker.batchSize();
		event.invoices = count;
		CpuMeter.Snapshot start = this.cpu.snapshot();
		event.begin();
		Instant resumedAt = Instant.now();
		worker.resume();
		DrainMeter.Drain drain = new DrainMeter(this.connection).watch(clinic.id(), expectation, count, resumedAt,
				this.options.drainTimeout());
		event.commit();
		CpuMeter.Usage used = start.until(this.cpu.snapshot());
		// Also bounds an incomplete drain: the backlog must be gone before the next one is timed.
		worker.awaitCaughtUp(this.admin, this.options.drainTimeout());
		return new Measured(drain, used);
	}

	/** The drain's batches without Kafka: the worker's processor called from as many threads as the pool. */
	private double measureDirect(WorkerUnderTest worker, int count, int batch, int patients) throws Exception {
		BenchClinic clinic = BenchClinic.create(this.connection, patients);
		List<CreateInvoice> commands = CommandPreloader.commands(clinic, "direct-", count);
		double rate = worker.processDirectly(commands, batch);
		logger.info("Direct processing, pool {} batch {}: {} invoices/s", worker.concurrency(), batch,
				String.format("%.0f", rate));
		return rate;
	}

	/** A block of raw measurements before or after all worker cells. */
	private void measureRaw(RawResults results, RawResults.Phase phase) throws Exception {
		if (phase == RawResults.Phase.BEFORE) {
			// Unmeasured first pass: JIT, prepared statements and the tables' first pages.
			RawInsertCeiling raw = new RawInsertCeiling(this.infrastructure::connect);
			raw.setBased(newClinic(), "warm-", 1_000, 1);
			raw.perCommand(newClinic(), "warm-", 200);
		}
		for (int repetition = 1; repetition <= this.options.repetitions; repetition++) {
			measureRawOnce(results, phase, this.options.perCommandInvoices);
		}
	}

	/** Every raw mode once, back to back, on fresh clinics. */
	private RawResults.Sample measureRawOnce(RawResults results, RawResults.Phase phase, int perCommand)
			throws Exception {
		RawInsertCeiling raw = new RawInsertCeiling(this.infrastructure::connect);
		int invoices = this.options.commands;
		double one = measureRaw(results, phase, RawResults.Mode.SET_BASED_1, invoices,
				(clinic) -> raw.setBased(clinic, "raw-", invoices, 1));
		double two = measureRaw(results, phase, RawResults.Mode.SET_BASED_2, invoices,
				(clinic) -> raw.setBased(clinic, "raw-", invoices, 2));
		double seed = measureRaw(results, phase, RawResults.Mode.PER_COMMAND, perCommand,
				(clinic) -> raw.perCommand(clinic, "seed-", perCommand));
		logger.info("Raw ({}): set-based {} (1 connection), {} (2 connections), one transaction per invoice {} invoices/s",
				phase, String.format("%.0f", one), String.format("%.0f", two), String.format("%.0f", seed));
		return new RawResults.Sample(one, two, seed);
	}

	private interface RawRun {

		double run(BenchClinic clinic) throws Exception;

	}

	private double measureRaw(RawResults results, RawResults.Phase phase, RawResults.Mode mode, int invoices,
			RawRun run) throws Exception {
		BenchClinic clinic = newClinic();
		StatementStats.reset(this.connection);
		CpuMeter.Snapshot start = this.cpu.snapshot();
		double rate = run.run(clinic);
		CpuMeter.Usage used = start.until(this.cpu.snapshot());
		results.add(mode, phase, invoices, rate, used, StatementStats.top(this.connection, 12));
		return rate;
	}

	private BenchClinic newClinic() throws Exception {
		return BenchClinic.create(this.connection, this.options.patients);
	}

}
