package com.clinicbilling.benchmarks.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.clinicbilling.benchmarks.kafka.StatusWatcher;
import com.clinicbilling.benchmarks.kafka.WorkerLag;
import com.clinicbilling.benchmarks.report.CommandLines;
import com.clinicbilling.benchmarks.report.Environment;
import com.clinicbilling.benchmarks.report.MarkdownTable;
import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CommandIdentity;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.DevTokens;
import com.clinicbilling.schemas.ExternalPayment;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.PaymentMethod;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Issue 14, lanes: a person's submission beside a backfill. For lanes on and off, on a local stack
 * of its own: UI submissions open loop alone; a bulk load alone (its drain rate); a standing backlog
 * of bulk commands (backfill-shaped: paid, two clinics) enqueued before a UI window, then the UI
 * window while the worker drains it, and a UI window after it drained; a live flood of bulk commands
 * published at full speed during a UI window. UI end-to-end is from a request's intended start to
 * its final status on {@code invoice.request-status}; bulk rates are the workers' committed offsets
 * over time; connections are sampled from PostgreSQL.
 *
 * <p>"Lanes off" is the system before lanes: bulk commands in {@code invoice.commands} (one FIFO per
 * partition) and no prioritisation ({@code INVOICE_WORKER_LANES_PRIORITY=false}).
 */
public final class LanesBenchmark {

	private static final Logger logger = LoggerFactory.getLogger(LanesBenchmark.class);

	private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(15);

	/** The scenario as defaults; scale it down on a small or busy machine. */
	@Command(name = "benchmarks/run.sh lanes", mixinStandardHelpOptions = true, sortOptions = false,
			description = "UI submissions beside bulk work, with lanes on and off.")
	static final class Options {

		@Mixin
		LocalStackOptions stack;

		@Mixin
		CommandLines.Report report;

		@Option(names = "--ui-rate", defaultValue = "200", description = "UI submissions/s, open loop; default ${DEFAULT-VALUE}")
		int uiRate;

		@Option(names = "--window-seconds", defaultValue = "60", description = "each UI window; default ${DEFAULT-VALUE}")
		int windowSeconds;

		@Option(names = "--backlog", defaultValue = "200000",
				description = "bulk commands enqueued before the backlog window; default ${DEFAULT-VALUE}")
		int backlog;

		@Option(names = "--bulk-alone", defaultValue = "30000",
				description = "bulk commands drained alone, for the bulk rate; default ${DEFAULT-VALUE}")
		int bulkAlone;

		/** Every 4th accepted request followed: 50/s at 200/s, enough for a p99 and light on the gateway. */
		@Option(names = "--follow-every", defaultValue = "4",
				description = "follow every n-th accepted UI request to its final status; default ${DEFAULT-VALUE}")
		int followEvery;

		/** The measurement: the backfill CLI publishing 60,000 paid invoices at full speed. */
		@Option(names = "--flood", defaultValue = "60000",
				description = "bulk commands published at full speed during the flood window; default ${DEFAULT-VALUE}")
		int flood;

		/** At the UI rate: a cold JIT takes a fraction of it. */
		@Mixin
		CommandLines.WarmUp warmUp;

		@Option(names = "--variants", split = ",", defaultValue = "on,off", description = "lanes on, off or both")
		List<String> variants;

		Duration window() {
			return Duration.ofSeconds(this.windowSeconds);
		}

	}

	private final Options options;

	private final MarkdownTable table = new MarkdownTable("lanes", "phase", "UI followed", "UI final",
			"UI e2e p50 ms", "UI e2e p99 ms", "UI accept p99 ms", "bulk drained/s", "bulk share of alone",
			"peak connections (active)");

	private final List<String> notes = new ArrayList<>();

	private final Submissions submissions = new Submissions();

	private LanesBenchmark(Options options) {
		this.options = options;
	}

	public static void main(String[] args) throws Exception {
		Options options = CommandLines.parseOrExit(new Options(), args);
		Environment environment = new Environment();
		LanesBenchmark benchmark = new LanesBenchmark(options);
		Files.createDirectories(options.stack.logDir());
		try (LoadGenerator load = new LoadGenerator(); BenchDatabase database = BenchDatabase.start()) {
			for (String variant : options.variants) {
				benchmark.run(variant.trim().equals("on"), load, database);
			}
		}
		String section = benchmark.report(options.report.header(environment));
		options.report.write("lanes", "Lanes", section);
		System.out.println(section);
	}

	private void run(boolean lanes, LoadGenerator load, BenchDatabase database) throws Exception {
		String variant = lanes ? "on" : "off";
		String bulkTopic = lanes ? Topics.COMMANDS_BULK : Topics.COMMANDS;
		Path logDir = this.options.stack.logDir();
		try (ChildJvm stack = ChildJvm.stack(this.options.stack.stackJar(), database.jdbcUrl,
				logDir.resolve("lanes-" + variant), logDir.resolve("lanes-" + variant + ".log"),
				Map.of("INVOICE_WORKER_LANES_PRIORITY", Boolean.toString(lanes)));
				WorkerLag lag = new WorkerLag(stack.kafka);
				StatusWatcher statuses = new StatusWatcher(stack.kafka, load::statusPublished);
				ConnectionSampler connections = new ConnectionSampler(database);
				BulkProducer bulk = new BulkProducer(stack.kafka, bulkTopic)) {
			load.watchStatusTopic(true);
			HttpTarget gateway = HttpTarget.gateway(stack.base,
					DevTokens.hs256(stack.jwtSecret, "benchmarks", 1, "invoices:write invoices:read", Duration.ofHours(2)));
			Variant run = new Variant(variant, lanes, bulkTopic, load, gateway, lag, connections);
			logger.info("Lanes {}: warm-up", variant);
			load.constantRate(gateway, this.submissions, "warm-up", this.options.uiRate,
					this.options.warmUp.duration(), 2_000, Integer.MAX_VALUE);
			lag.awaitDrained(DRAIN_TIMEOUT);

			uiAlone(run, "UI alone (before)", "UI alone, before the backlog");

			connections.reset();
			long start = System.nanoTime();
			bulk.publish(this.options.bulkAlone);
			lag.awaitDrained(DRAIN_TIMEOUT);
			double aloneRate = this.options.bulkAlone / ((System.nanoTime() - start) / 1e9);
			row(variant, "bulk alone (" + MarkdownTable.count(this.options.bulkAlone) + ", no UI)", null, aloneRate, 1.0,
					connections.peak());

			logger.info("Lanes {}: enqueueing a standing backlog of {}", variant, this.options.backlog);
			bulk.publish(this.options.backlog);
			uiBesideBulk(run, "UI during the backlog", aloneRate, () -> () -> {
			}, () -> "UI during a standing backlog of " + MarkdownTable.count(this.options.backlog),
					"after the backlog window");

			uiAlone(run, "UI after", "UI after the backlog drained");

			AtomicLong flooded = new AtomicLong();
			uiBesideBulk(run, "UI during a live flood", aloneRate, () -> flood(bulk, flooded),
					() -> "UI during a live flood (" + MarkdownTable.count(flooded.get())
							+ " bulk published at full speed from the window's start)",
					"after the flood");
		}
		finally {
			load.watchStatusTopic(false);
		}
	}

	/** One variant's stack, as its phases see it. */
	private record Variant(String name, boolean lanes, String bulkTopic, LoadGenerator load, HttpTarget gateway,
			WorkerLag lag, ConnectionSampler connections) {
	}

	/** A UI window with no bulk work waiting or arriving. */
	private void uiAlone(Variant run, String scenario, String phase) throws Exception {
		run.connections().reset();
		row(run.name(), phase, ui(run, scenario), Double.NaN, Double.NaN, run.connections().peak());
		run.lag().awaitDrained(DRAIN_TIMEOUT);
	}

	/**
	 * A UI window while the workers drain bulk commands ({@code beside} starts what else runs during the
	 * window and stops it at its end): the bulk rate is the lane's committed offsets over the window;
	 * then waits for the bulk lane to drain.
	 */
	private void uiBesideBulk(Variant run, String scenario, double aloneRate, Supplier<AutoCloseable> beside,
			Supplier<String> phase, String waitingAfter) throws Exception {
		run.connections().reset();
		long committedBefore = run.lag().progress().committed(run.bulkTopic());
		long windowStart = System.nanoTime();
		LoadResult ui;
		try (AutoCloseable bulk = beside.get()) {
			ui = ui(run, scenario);
		}
		double seconds = (System.nanoTime() - windowStart) / 1e9;
		double bulkRate = (run.lag().progress().committed(run.bulkTopic()) - committedBefore) / seconds;
		// The UI's own commands share the topic when lanes are off: count only the bulk ones drained.
		if (!run.lanes()) {
			bulkRate -= ui.accept.count() / seconds;
		}
		row(run.name(), phase.get(), ui, bulkRate, bulkRate / aloneRate, run.connections().peak());
		long left = run.lag().awaitDrained(DRAIN_TIMEOUT);
		if (left > 0) {
			this.notes.add("Lanes " + run.name() + ": " + left + " commands still waiting " + DRAIN_TIMEOUT.toMinutes()
					+ " min " + waitingAfter + ".");
		}
	}

	/** Publishes bulk commands at full speed, up to {@code --flood}, until closed. */
	private AutoCloseable flood(BulkProducer bulk, AtomicLong flooded) {
		AtomicBoolean flooding = new AtomicBoolean(true);
		Thread flood = new Thread(() -> {
			while (flooding.get() && flooded.get() < this.options.flood) {
				bulk.publish(500);
				flooded.addAndGet(500);
			}
		}, "bench-flood");
		flood.start();
		return () -> {
			flooding.set(false);
			flood.join();
		};
	}

	private LoadResult ui(Variant run, String scenario) throws InterruptedException {
		logger.info("{}: {}/s for {}", scenario, this.options.uiRate, this.options.window());
		return run.load().constantRate(run.gateway(), this.submissions, scenario, this.options.uiRate,
				this.options.window(), 2_000, this.options.followEvery);
	}

	private void row(String variant, String phase, LoadResult ui, double bulkRate, double share, int[] peak) {
		this.table.row(variant, phase, (ui != null) ? MarkdownTable.count(followed(ui)) : "",
				(ui != null) ? MarkdownTable.count(ui.statusPublished.count()) : "",
				(ui != null) ? MarkdownTable.decimal(ui.statusPublished.millis(50), 0) : "",
				(ui != null) ? MarkdownTable.decimal(ui.statusPublished.millis(99), 0) : "",
				(ui != null) ? MarkdownTable.decimal(ui.accept.millis(99), 0) : "",
				Double.isNaN(bulkRate) ? "" : MarkdownTable.count(bulkRate),
				Double.isNaN(share) ? "" : MarkdownTable.percent(share), peak[0] + " (" + peak[1] + ")");
		logger.info("{} | {} | ui p50 {} p99 {} | bulk {}/s | connections {}", variant, phase,
				(ui != null) ? ui.statusPublished.millis(50) : "-", (ui != null) ? ui.statusPublished.millis(99) : "-",
				bulkRate, peak[0]);
	}

	private long followed(LoadResult ui) {
		return (ui.count("202") + this.options.followEvery - 1) / this.options.followEvery;
	}

	private String report(String environment) {
		StringBuilder out = new StringBuilder();
		out.append(environment).append('\n');
		out.append("UI: ").append(this.options.uiRate).append(" submissions/s open loop for ")
			.append(this.options.windowSeconds)
			.append(" s per phase, every ").append(this.options.followEvery)
			.append("th followed to its final status on `invoice.request-status` (e2e: from its intended start). ")
			.append("\"UI final\" below \"UI followed\": the rest had no final status within 60 s of the window's end, ")
			.append("so the percentiles leave out the slowest. Bulk: backfill-shaped paid commands of clinics 1 and 2 ")
			.append("written straight to the lane's topic (lanes off: `invoice.commands`, as before lanes). ")
			.append("Connections: the worker's, sampled from `pg_stat_activity` every 100 ms (pool: ")
			.append("`INVOICE_WORKER_CONCURRENCY`, 2).\n\n");
		out.append(this.table.render());
		this.notes.forEach((note) -> out.append("\n- ").append(note));
		return out.toString();
	}

	/** Backfill-shaped commands (paid on Stripe, two clinics, ten patients each), published with acks=all. */
	private static final class BulkProducer implements AutoCloseable {

		private final AvroSerde<CreateInvoice> serde = AvroSerde.createInvoice();

		private final KafkaProducer<String, byte[]> producer;

		private final String topic;

		private final String run = Long.toString(System.currentTimeMillis(), 36);

		private final AtomicInteger sequence = new AtomicInteger();

		private final Instant paidAt = Instant.now().minus(1, ChronoUnit.HOURS);

		BulkProducer(String bootstrap, String topic) {
			this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
					ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
					ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer());
			this.topic = topic;
		}

		void publish(int count) {
			for (int i = 0; i < count; i++) {
				int n = this.sequence.getAndIncrement();
				long clinic = 1 + (n % 2);
				String stripeId = "in_bench_" + this.run + "_" + n;
				CreateInvoice command = CommandIdentity.identify(CreateInvoice.newBuilder()
					.setClinicId(clinic)
					.setIdempotencyKey("stripe:" + stripeId)
					.setAcceptedAt(Instant.now())
					.setSource(CommandSource.BACKFILL)
					.setPatientId(clinic * 100 + 1 + ((n / 2) % 10))
					.setCurrency("usd")
					.setStripeInvoiceId(stripeId)
					.setLineItems(List.of(LineItem.newBuilder()
						.setDescription("Backfilled " + n)
						.setUnitAmount(1_000L + n)
						.setQuantity(1)
						.build()))
					.setPaidExternally(ExternalPayment.newBuilder()
						.setMethod(PaymentMethod.STRIPE_NOT_SYNCED)
						.setReference(stripeId)
						.setPaidAt(this.paidAt)
						.build()));
				this.producer.send(new ProducerRecord<>(this.topic,
						Topics.commandKey(command.getClinicId(), command.getIdempotencyKey()), this.serde.encode(command)));
			}
			this.producer.flush();
		}

		@Override
		public void close() {
			this.producer.close(Duration.ofSeconds(10));
		}

	}

	/** Peak connections of the worker's user (all, and active), sampled every 100 ms. */
	private static final class ConnectionSampler implements AutoCloseable {

		private final AtomicInteger peak = new AtomicInteger();

		private final AtomicInteger peakActive = new AtomicInteger();

		private final Thread thread;

		private volatile boolean running = true;

		ConnectionSampler(BenchDatabase database) {
			this.thread = new Thread(() -> {
				try (Connection connection = database.connect("bench-sampler");
						Statement statement = connection.createStatement()) {
					while (this.running) {
						try (ResultSet rs = statement.executeQuery("select count(*), count(*) filter (where state = 'active')"
								+ " from pg_stat_activity where usename = 'invoice' and application_name not like 'bench%'"
								// A parallel query's workers carry their leader's user: not connections.
								+ " and backend_type = 'client backend'")) {
							rs.next();
							this.peak.accumulateAndGet(rs.getInt(1), Math::max);
							this.peakActive.accumulateAndGet(rs.getInt(2), Math::max);
						}
						Thread.sleep(100);
					}
				}
				catch (Exception ex) {
					if (this.running) {
						logger.warn("Connection sampling stopped: {}", ex.toString());
					}
				}
			}, "bench-connections");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void reset() {
			this.peak.set(0);
			this.peakActive.set(0);
		}

		int[] peak() {
			return new int[] { this.peak.get(), this.peakActive.get() };
		}

		@Override
		public void close() throws InterruptedException {
			this.running = false;
			this.thread.join(5_000);
		}

	}

}
