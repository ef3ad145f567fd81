package com.clinicbilling.stripe.backfill;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.stripe.Pacer;
import com.clinicbilling.stripe.StripeInvoiceCommands;
import com.clinicbilling.stripe.StripeInvoiceCommands.Mapped;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Invoice;
import com.stripe.param.InvoiceListParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pages through Stripe's paid invoices created in a range (stripe-java's auto-pagination, newest
 * first, as Stripe lists them), maps each exactly as the webhook does and publishes the commands with
 * source BACKFILL, one Kafka transaction per page, at most {@code rate} per second. After each page
 * the checkpoint records the page's last invoice, Stripe's {@code starting_after} for a resumed run.
 *
 * <p>Running a range again republishes the same commands (same key, same body, same request id), so
 * the worker makes no new invoice of them.
 */
final class Backfill {

	private static final Logger logger = LoggerFactory.getLogger(Backfill.class);

	private final StripeClient stripe;

	private final CommandSink sink;

	private final StripeInvoiceCommands mapping;

	private final Pacer pacer;

	private final Clock clock;

	Backfill(StripeClient stripe, CommandSink sink, StripeInvoiceCommands mapping, Pacer pacer, Clock clock) {
		this.stripe = stripe;
		this.sink = sink;
		this.mapping = mapping;
		this.pacer = pacer;
		this.clock = clock;
	}

	/** Runs the range from where the checkpoint stands; answers the final checkpoint. */
	Checkpoint run(Checkpoint checkpoint, int pageSize, Path checkpointFile)
			throws StripeException, IOException, InterruptedException {
		if (checkpoint.complete()) {
			logger.info("Range {} to {} was completed before ({} published, {} ignored); delete {} to run it again",
					checkpoint.from(), checkpoint.to(), checkpoint.published(), checkpoint.ignored(), checkpointFile);
			return checkpoint;
		}
		if (checkpoint.startingAfter() != null) {
			logger.info("Resuming after invoice {} ({} published so far)", checkpoint.startingAfter(),
					checkpoint.published());
		}
		List<CreateInvoice> page = new ArrayList<>(pageSize);
		int seen = 0;
		long ignored = 0;
		String last = null;
		for (Invoice invoice : this.stripe.v1().invoices().list(params(checkpoint, pageSize)).autoPagingIterable()) {
			Mapped mapped = this.mapping.map(invoice, CommandSource.BACKFILL, this.clock.instant());
			if (mapped.ignored()) {
				logger.info("Ignoring invoice {}: {}", invoice.getId(), mapped.ignoredReason());
				ignored++;
			}
			else {
				this.pacer.acquire();
				page.add(mapped.command());
			}
			last = invoice.getId();
			if (++seen == pageSize) {
				checkpoint = commit(checkpoint, page, ignored, last, checkpointFile);
				page.clear();
				seen = 0;
				ignored = 0;
			}
		}
		if (seen > 0) {
			checkpoint = commit(checkpoint, page, ignored, last, checkpointFile);
		}
		checkpoint = checkpoint.completed();
		checkpoint.save(checkpointFile);
		logger.info("Backfill of {} to {} complete: {} commands published, {} invoices ignored", checkpoint.from(),
				checkpoint.to(), checkpoint.published(), checkpoint.ignored());
		return checkpoint;
	}

	private Checkpoint commit(Checkpoint checkpoint, List<CreateInvoice> page, long ignored, String last,
			Path checkpointFile) throws IOException {
		this.sink.publish(page);
		Checkpoint next = checkpoint.advance(last, page.size(), ignored);
		next.save(checkpointFile);
		logger.info("Published {} commands up to invoice {}: {} published, {} ignored so far", page.size(), last,
				next.published(), next.ignored());
		return next;
	}

	private static InvoiceListParams params(Checkpoint checkpoint, int pageSize) {
		return InvoiceListParams.builder()
			.setCreated(InvoiceListParams.Created.builder()
				.setGte(checkpoint.from().getEpochSecond())
				.setLt(checkpoint.to().getEpochSecond())
				.build())
			.setStatus(InvoiceListParams.Status.PAID)
			.setLimit((long) pageSize)
			.setStartingAfter(checkpoint.startingAfter())
			.build();
	}

}
