package com.clinicbilling.benchmarks.http;

import java.util.ArrayList;
import java.util.List;

import com.clinicbilling.benchmarks.report.MarkdownTable;

import static com.clinicbilling.benchmarks.report.MarkdownTable.count;
import static com.clinicbilling.benchmarks.report.MarkdownTable.decimal;

/** The "HTTP load" section of BENCHMARKS.md. */
final class HttpReport {

	private final List<LoadResult> results = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	void add(LoadResult result) {
		this.results.add(result);
	}

	void note(String note) {
		this.notes.add(note);
	}

	String markdown(HttpOptions options, String environment) {
		StringBuilder out = new StringBuilder();
		if (options.quick()) {
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
				"not final in 60 s");
		for (LoadResult result : this.results) {
			double seconds = result.elapsedNanos / 1e9;
			long accepted = result.accept.count();
			table.row(result.scenario, result.target, count(result.planned), result.outcomes(),
					count((seconds > 0) ? accepted / seconds : Double.NaN), ms(result.accept.millis(50)),
					ms(result.accept.millis(99)), ms(result.accept.millis(99.9)), ms(result.accept.maxMillis()),
					ms(result.statusPublished.millis(50)), ms(result.statusPublished.millis(99)),
					ms(result.endToEnd.millis(50)), ms(result.endToEnd.millis(99)), ms(result.endToEnd.maxMillis()),
					result.endToEndTimeouts.sum());
		}
		out.append(table.render()).append('\n');
		if (!this.notes.isEmpty()) {
			this.notes.forEach((note) -> out.append("- ").append(note).append('\n'));
			out.append('\n');
		}
		out.append("### How it was measured\n\n").append(method(options)).append("\n### Run\n\n").append(environment);
		return out.toString();
	}

	private static String method(HttpOptions options) {
		return """
				- Targets: the local stack's gateway (with its worker, Kafka and PostgreSQL, as started by
				  `java -jar local-stack/target/local-stack.jar`), and the seed's synchronous route in two versions,
				  each in its own JVM on the same PostgreSQL and the worker's tables: "before" (three duplicate
				  checks, one lookup per product, a patient lookup, then one transaction inserting the invoice, each
				  item and the payment one by one; Hikari pool 10, connection time-out 15 s; a pool time-out is a
				  500) and "after" (the seed's fixes: one combined duplicate query, one product query, each call
				  retried twice on a pool time-out, then 503 with Retry-After: 10).
				- Requests: the seed's "paid externally" invoice for the demo clinic (patients 101–110, product 1),
				  each with its own idempotency key, order and total, so none is a duplicate.
				- Burst: %,d submissions from %d clients, closed loop. Open loop: %s requests/s for %d s each,
				  requests started on schedule (at most %,d unanswered; beyond that a request is counted as not
				  sent); a target that accepted less than half at one rate is not loaded at higher ones.
				- Each target first gets unmeasured warm-up requests. Before each gateway scenario the benchmark
				  waits (up to 3 minutes) until the worker's consumer group has caught up with `invoice.commands`,
				  so no scenario measures the previous one's backlog; a note says when it had not.
				- Slow neighbour: %d connections held in transactions of %d ms during a burst; for a baseline they
				  come from its own pool (the incident's "other users and background jobs"), for the pipeline they
				  are another client of the same PostgreSQL.
				- Network delay: %d µs each way between a baseline and PostgreSQL through the module's delaying
				  TCP proxy (`DelayProxy`), during a burst and an open-loop run at %d/s. The pipeline's worker
				  connects to PostgreSQL inside the local stack, where the proxy cannot be put (and its gateway
				  never talks to PostgreSQL); see the worker drain section for the worker's round trips.
				""".formatted(options.burstRequests(), options.burstClients(), options.rates(),
				options.rateDuration().toSeconds(), options.maxInFlight(), options.neighbourConnections(),
				options.neighbourHold().toMillis(), options.delay().toNanos() / 1000, options.delayRate());
	}

	private static String ms(double millis) {
		return Double.isNaN(millis) ? "n/a" : (millis < 10) ? decimal(millis, 1) : count(millis);
	}

}
