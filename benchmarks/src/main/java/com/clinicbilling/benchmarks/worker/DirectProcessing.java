package com.clinicbilling.benchmarks.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.worker.invoice.InvoiceBatchProcessor;

/**
 * The worker's own batch processing (its decisions, reads and set-based writes, one transaction
 * per batch) called directly from as many threads as the pool has connections, without Kafka: the
 * rate the drain would reach if consuming, publishing statuses and committing offsets were free.
 * Drain rate ÷ this rate is the share Kafka's side leaves.
 *
 * <p>The one class of the benchmarks that reaches inside an application (the module rules):
 * everything else talks to the system over HTTP and Kafka, as its clients do.
 */
final class DirectProcessing {

	private DirectProcessing() {
	}

	static double run(WorkerUnderTest worker, List<CreateInvoice> commands, int batchSize) throws Exception {
		InvoiceBatchProcessor processor = worker.bean(InvoiceBatchProcessor.class);
		int threads = worker.concurrency();
		List<List<CreateInvoice>> batches = new ArrayList<>();
		for (int from = 0; from < commands.size(); from += batchSize) {
			batches.add(commands.subList(from, Math.min(commands.size(), from + batchSize)));
		}
		AtomicInteger next = new AtomicInteger();
		AtomicInteger created = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			long started = System.nanoTime();
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
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

}
