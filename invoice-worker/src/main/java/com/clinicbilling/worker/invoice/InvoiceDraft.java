package com.clinicbilling.worker.invoice;

import java.util.List;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.InvoiceStatus;

/** A priced invoice that passed every check and waits for its id and the duplicate rules. */
record InvoiceDraft(CreateInvoice command, List<Item> items, long amount) implements Checked {

	record Item(Long productId, String description, long unitAmount, int quantity) {

		long amount() {
			return this.unitAmount * this.quantity;
		}

	}

	InvoiceStatus status() {
		return (this.command.getPaidExternally() != null) ? InvoiceStatus.PAID : InvoiceStatus.OPEN;
	}

	long amountPaid() {
		return (status() == InvoiceStatus.PAID) ? this.amount : 0;
	}

	long amountDue() {
		return this.amount - amountPaid();
	}

}
