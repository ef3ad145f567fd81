package com.clinicbilling.benchmarks.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.clinicbilling.benchmarks.report.MarkdownTable;
import com.clinicbilling.benchmarks.report.Stats;

import static com.clinicbilling.benchmarks.report.MarkdownTable.count;
import static com.clinicbilling.benchmarks.report.MarkdownTable.decimal;
import static com.clinicbilling.benchmarks.report.MarkdownTable.ratio;

/** The "HTTP load" section of BENCHMARKS.md. */
final class HttpReport {

	private final List<LoadResult> results = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	/** The pipeline's open-loop runs without delay, by rate, to set beside Kafka's at the same rate. */
	private final Map<Integer, LoadResult> pipelineRates = new TreeMap<>();

	private List<KafkaProduceCeiling.Run> kafka = List.of();

	private int recordSize;

	private Stats postgres = Stats.of(List.of());

	private int postgresConnections;

	private int postgresInvoices;

	private String profileLabel;

	private String profile;

	void add(LoadResult result) {
		this.results.add(result);
	}

	void pipelineAtRate(int rate, LoadResult result) {
		this.pipelineRates.put(rate, result);
	}

	void kafkaCeiling(int recordSize, List<KafkaProduceCeiling.Run> runs) {
		this.recordSize = recordSize;
		this.kafka = runs;
	}

	void profile(String label, String profile) {
		this.profileLabel = label;
		this.profile = profile;
	}

	void postgresCeiling(Stats invoicesPerSecond, int connections, int invoices) {
		this.postgres = invoicesPerSecond;
		this.postgresConnections = connections;
		this.postgresInvoices = invoices;
	}

	void note(String note) {
		this.notes.add(note);
	}

	String markdown(HttpOptions options, String environment) {
		StringBuilder out = new StringBuilder();
		if (options.quick.on()) {
			out.append("> **Quick run** (`--quick`): small counts and short windows; a smoke test, not numbers to compare.\n\n");
		}
		out.append("Accept latency: request to the answer that means \"taken\" (202 from the gateway, 201 from a "
				+ "baseline), for open-loop runs measured from the request's scheduled start. End-to-end: to the final "
				+ "status (gateway: polled every ").append(StatusPoller.INTERVAL.toMillis())
			.append(" ms; a baseline's 201 is final). Status published (pipeline only): until the worker's final "
					+ "status appeared on `invoice.request-status`; end-to-end minus this is the gateway's status "
					+ "view catching up. Milliseconds.\n\n");
		MarkdownTable table = new MarkdownTable("scenario", "target", "requests", "answers", "accepted/s",
				"accept p50", "p99", "p99.9", "max", "status published p50", "p99", "end-to-end p50", "p99", "max",
				"not final in 60 s", "invoices/s committed", "peak DB connections");
		for (LoadResult result : this.results) {
			table.row(result.scenario, result.target, count(result.planned), result.outcomes(),
					count(acceptedPerSecond(result)), ms(result.accept.millis(50)),
					ms(result.accept.millis(99)), ms(result.accept.millis(99.9)), ms(result.accept.maxMillis()),
					ms(result.statusPublished.millis(50)), ms(result.statusPublished.millis(99)),
					ms(result.endToEnd.millis(50)), ms(result.endToEnd.millis(99)), ms(result.endToEnd.maxMillis()),
					result.endToEndTimeouts.sum(), count(result.committedPerSecond),
					(result.peakConnections < 0) ? "n/a" : Integer.toString(result.peakConnections));
		}
		out.append(table.render()).append('\n');
		out.append(ceilings());
		if (this.profile != null) {
			out.append("\n### Profile of the pipeline, ").append(this.profileLabel).append("\n\n```\n")
				.append(this.profile.strip())
				.append("\n```\n");
		}
		if (!this.notes.isEmpty()) {
			this.notes.forEach((note) -> out.append("- ").append(note).append('\n'));
			out.append('\n');
		}
		out.append("### How it was measured\n\n").append(method(options)).append("\n### Run\n\n").append(environment);
		return out.toString();
	}

	/** PostgreSQL's and Kafka's own rates, the pipeline's best against them, and latency at equal rates. */
	private String ceilings() {
		if (this.postgres.isEmpty() && this.kafka.isEmpty()) {
			return "";
		}
		StringBuilder out = new StringBuilder("\n### Ceilings, same run\n\n");
		double committed = this.pipelineRates.values()
			.stream()
			.mapToDouble((r) -> r.committedPerSecond)
			.filter((r) -> !Double.isNaN(r))
			.max()
			.orElse(Double.NaN);
		double accepted = this.pipelineRates.values().stream().mapToDouble(HttpReport::acceptedPerSecond).max().orElse(Double.NaN);
		MarkdownTable table = new MarkdownTable("ceiling", "rate", "the pipeline's best open-loop rate",
				"fraction of the ceiling");
		if (!this.postgres.isEmpty()) {
			table.row("PostgreSQL, set-based inserts of the same invoices (batches of 500, " + this.postgresConnections
					+ " connections = the worker's pool; " + count(this.postgresInvoices) + " invoices, median of "
					+ this.postgres.count() + ", " + count(this.postgres.min()) + "–" + count(this.postgres.max()) + ")",
					count(this.postgres.median()) + " invoices/s", count(committed) + " invoices/s committed",
					decimal(100 * committed / this.postgres.median(), 1) + " %");
		}
		KafkaProduceCeiling.Run unthrottled = this.kafka.stream().filter((r) -> r.rate() < 0).findFirst().orElse(null);
		if (unthrottled != null) {
			table.row("Kafka, `ProducerPerformance` unthrottled (" + count(unthrottled.records()) + " records of "
					+ this.recordSize + " bytes, acks=all; p99 " + ms(unthrottled.p99()) + " ms)",
					count(unthrottled.recordsPerSecond()) + " records/s", count(accepted) + " accepted/s",
					decimal(100 * accepted / unthrottled.recordsPerSecond(), 1) + " %");
		}
		out.append(table.render()).append('\n');
		out.append("The pipeline's best: the highest rate committed (PostgreSQL) or accepted (Kafka) in its open-loop "
				+ "runs without delay, from the table above.\n\n");
		if (this.kafka.stream().anyMatch((r) -> r.rate() > 0)) {
			out.append("Accept latency against Kafka's own produce latency (send to acknowledgement, "
					+ "`ProducerPerformance`, same broker, records of " + this.recordSize + " bytes) at the same rate, ms:\n\n");
			MarkdownTable latency = new MarkdownTable("rate", "Kafka produce p50", "p99", "p99.9", "max",
					"pipeline accept p50", "p99", "p99.9", "max", "accept p99 ÷ produce p99");
			for (KafkaProduceCeiling.Run run : this.kafka) {
				LoadResult ours = this.pipelineRates.get(run.rate());
				if (run.rate() < 0) {
					continue;
				}
				latency.row(count(run.rate()) + "/s", ms(run.p50()), ms(run.p99()), ms(run.p999()), ms(run.max()),
						(ours != null) ? ms(ours.accept.millis(50)) : "n/a", (ours != null) ? ms(ours.accept.millis(99)) : "n/a",
						(ours != null) ? ms(ours.accept.millis(99.9)) : "n/a", (ours != null) ? ms(ours.accept.maxMillis()) : "n/a",
						(ours != null) ? ratio(ours.accept.millis(99) / run.p99()) : "n/a");
			}
			out.append(latency.render()).append('\n');
		}
		return out.toString();
	}

	private static double acceptedPerSecond(LoadResult result) {
		double seconds = result.elapsedNanos / 1e9;
		return (seconds > 0) ? result.accept.count() / seconds : Double.NaN;
	}

	private static String method(HttpOptions options) {
		return """
				- One PostgreSQL for every target, started by the benchmark (zonky's PostgreSQL 17 binaries, fsync
				  and synchronous_commit on), with the worker's schema and demo data. Targets, one after the
				  other: the local stack (`local-stack.jar`: gateway, worker, KRaft broker, in its own JVM, its
				  worker on this PostgreSQL through `INVOICE_LOCAL_DB_URL`, pool of 2), and the seed's synchronous
				  route in two versions, each in its own JVM: "before" (three duplicate checks, one lookup per
				  product, a patient lookup, then one transaction inserting the invoice, each item and the payment
				  one by one; Hikari pool 10, connection time-out 15 s; a pool time-out is a 500) and "after" (the
				  seed's fixes: one combined duplicate query, one product query, each call retried twice on a pool
				  time-out, then 503 with Retry-After: 10).
				- Requests: the seed's "paid externally" invoice for the demo clinic (patients 101–110, product 1),
				  each with its own idempotency key, order and total, so none is a duplicate.
				- Burst: %,d submissions from %d clients, closed loop. Open loop: %s requests/s for %d s each,
				  requests started on schedule (at most %,d unanswered; beyond that a request is counted as not
				  sent); a target that accepted less than half at one rate is not loaded at higher ones.
				- Each target first gets unmeasured warm-up requests. After each pipeline scenario the benchmark
				  waits (up to 3 minutes) until the worker's consumer group has caught up with `invoice.commands`,
				  so no scenario measures the previous one's backlog; a note says when it had not.
				- Invoices/s committed: rows added to `invoices` during the scenario, over the time from its
				  start to the last one's `created_at`. Peak DB connections: `pg_stat_activity` sampled every
				  10 ms from the scenario's start until its last command was processed, counting the target's
				  connections to the database (not the benchmark's own, not the pipeline's neighbour).
				- Slow neighbour: %d connections held in transactions of %d ms during an open-loop run at %d/s; for a baseline they
				  come from its own pool (the incident's "other users and background jobs", so they count in its
				  connections), for the pipeline they are another client of the same PostgreSQL.
				- Network delay: %d µs each way between every target and PostgreSQL through the module's delaying
				  TCP proxy (`DelayProxy`; the machine's kernel has no netem), during a burst and open-loop runs at
				  %s/s: a baseline started again on the proxy's address, and a second local stack whose worker
				  connects through it (the gateway never talks to PostgreSQL).
				- Ceilings, on the same machine in the same run: PostgreSQL's set-based insert rate for the same
				  invoices on the worker's number of connections (`RawInsertCeiling`, as in the worker drain
				  section), and Kafka's own `ProducerPerformance` on the first stack's broker, to a topic with as
				  many partitions as `invoice.commands`, records of the commands' average size (their headers
				  left out), acks=all, at the open-loop rates for %d s each and unthrottled.
				""".formatted(options.burstRequests, options.burstClients, options.rates,
				options.rateDuration().toSeconds(), options.maxInFlight, options.neighbourConnections,
				options.neighbourHold().toMillis(), options.neighbourRate, options.delay().toNanos() / 1000,
				options.delayRates,
				options.kafkaDuration().toSeconds());
	}

	private static String ms(double millis) {
		return Double.isNaN(millis) ? "n/a" : (millis < 10) ? decimal(millis, 1) : count(millis);
	}

}
