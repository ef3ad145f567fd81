package com.clinicbilling.worker.invoice;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.CreateInvoiceRules;
import com.clinicbilling.schemas.LineItem;

/**
 * Turns a command into a priced {@link InvoiceDraft} from the patients and products loaded for its
 * batch, or into a {@link Rejection}. Pure: no I/O, so the rules are unit-tested without a database.
 */
final class InvoicePricing {

	private InvoicePricing() {
	}

	/**
	 * @param patientClinics clinic of each known patient of the batch
	 * @param products known products of the batch by id, of any clinic
	 */
	static Checked price(CreateInvoice command, Map<Long, Long> patientClinics, Map<Long, Product> products) {
		Long patientClinic = patientClinics.get(command.getPatientId());
		if (patientClinic == null || patientClinic != command.getClinicId()) {
			// Another clinic's patient is answered exactly as an unknown one.
			return rejected(Rejection.PATIENT_NOT_FOUND, "No patient " + command.getPatientId() + " in this clinic");
		}
		List<InvoiceDraft.Item> items = new ArrayList<>();
		long amount = 0;
		for (LineItem line : command.getLineItems()) {
			InvoiceDraft.Item item;
			if (line.getProductId() != null) {
				Product product = products.get(line.getProductId());
				if (product == null || product.clinicId() != command.getClinicId()) {
					return rejected(Rejection.PRODUCT_NOT_FOUND,
							"No product " + line.getProductId() + " in this clinic");
				}
				if (!product.currency().equals(command.getCurrency())) {
					return rejected(Rejection.CURRENCY_MISMATCH, "Product " + product.id() + " is priced in "
							+ product.currency() + ", the invoice is in " + command.getCurrency());
				}
				item = new InvoiceDraft.Item(product.id(), product.name(), product.unitAmount(), line.getQuantity());
			}
			else {
				item = new InvoiceDraft.Item(null, line.getDescription(), line.getUnitAmount(), line.getQuantity());
			}
			items.add(item);
			amount += item.amount();
			if (amount > CreateInvoiceRules.MAX_TOTAL) {
				return rejected(Rejection.AMOUNT_TOO_LARGE,
						"The invoice total must be at most " + CreateInvoiceRules.MAX_TOTAL);
			}
		}
		return new InvoiceDraft(command, List.copyOf(items), amount);
	}

	private static Rejection rejected(String code, String message) {
		return new Rejection(code, message);
	}

}
