package com.clinicbilling.worker.invoice;

import java.util.List;
import java.util.Set;

import com.clinicbilling.schemas.RequestStatus;

/**
 * Where a batch's new OPEN invoices go when they are to be created on Stripe too: their CREATED
 * status waits until they are, so it can carry the Stripe invoice id. Without Stripe configured
 * ({@link #LOCAL_ONLY}) every status is published at once, as before.
 *
 * <p>The two calls are the first atomic phase of the Stripe processing (docs/architecture.md): {@link #hold} runs
 * in the batch's transaction and records the invoices as pending on Stripe; {@link #handOff} runs
 * after it committed, before the batch's offsets are, so a crash in between redelivers the batch,
 * whose recorded outcomes are held and handed off again.
 */
public interface StripeRouting {

	/** Stripe is not configured: OPEN invoices stay local. */
	StripeRouting LOCAL_ONLY = new StripeRouting() {

		@Override
		public List<RequestStatus> hold(List<RequestStatus> statuses, Set<Long> createdInvoiceIds) {
			return List.of();
		}

		@Override
		public void handOff(List<RequestStatus> held) {
		}

	};

	/**
	 * In the batch's transaction, after its outcomes are recorded.
	 * @param statuses the batch's statuses, one per command
	 * @param createdInvoiceIds the invoices this batch created
	 * @return the statuses to hold back, because their invoice is (still) pending on Stripe
	 */
	List<RequestStatus> hold(List<RequestStatus> statuses, Set<Long> createdInvoiceIds);

	/** After the batch's commit: hands the held statuses to the Stripe stage; returns once stored. */
	void handOff(List<RequestStatus> held);

}
