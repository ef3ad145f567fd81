package com.clinicbilling.benchmarks.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request bodies of a run (docs/api.md, "Submit"), for the demo data of the local stack
 * (clinic 1, patients 101–110, product 1 at 29,900): the seed's "paid externally" path, 1–2 lines.
 *
 * <p>No two submissions of a run, nor of two runs within the duplicate windows, are duplicates:
 * each has its own sequence number across all scenarios and targets of the run, hence its own key,
 * order and total ({@link #total}), offset by a random salt per run.
 */
final class Submissions {

	private static final long PRODUCT_PRICE = 29_900;

	/** Totals stay within 30,000 … 60,029,999, far below the contract's 99,999,999. */
	private static final long TOTALS = 60_000_000;

	private final long salt = ThreadLocalRandom.current().nextLong(TOTALS);

	private final String run = Long.toString(System.currentTimeMillis(), 36);

	private final String paidAt = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();

	private final AtomicLong sequence = new AtomicLong();

	record Submission(String idempotencyKey, String body) {
	}

	/** The next submission of the run; thread-safe. */
	Submission next() {
		long n = this.sequence.getAndIncrement();
		return new Submission("bench-" + this.run + "-" + n, body(n));
	}

	long total(long n) {
		return 30_000 + (this.salt + n) % TOTALS;
	}

	String body(long n) {
		long patient = 101 + (n % 10);
		long order = 1 + (this.salt + n) % TOTALS;
		boolean withProduct = n % 2 == 1;
		long visit = total(n) - (withProduct ? PRODUCT_PRICE : 0);
		String product = withProduct ? "{\"productId\":1,\"quantity\":1}," : "";
		return "{\"patientId\":" + patient + ",\"orderId\":" + order + ",\"currency\":\"usd\",\"lineItems\":[" + product
				+ "{\"description\":\"Visit " + n + "\",\"unitAmount\":" + visit + ",\"quantity\":1}],"
				+ "\"paidExternally\":{\"method\":\"STRIPE_NOT_SYNCED\",\"reference\":\"pi_bench_" + n + "\",\"paidAt\":\""
				+ this.paidAt + "\"}}";
	}

}
