package com.clinicbilling.worker.stripe;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.stripe.StripeInvoiceCommands;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * Paid Stripe invoices as Stripe sends them (webhook event data, list pages) and the commands the
 * shared mapping makes of them, exactly as the gateway's webhook and the backfill tool do.
 */
final class PaidStripeInvoices {

	private static final StripeInvoiceCommands mapping = new StripeInvoiceCommands(Set.of());

	private PaidStripeInvoices() {
	}

	/** A paid invoice of one line: {@code amount} for "Visit". */
	static String json(String id, long clinicId, long patientId, long amount) {
		return json(id, Map.of("clinic_id", Long.toString(clinicId), "patient_id", Long.toString(patientId)), amount);
	}

	/** A paid invoice of one line with this metadata, e.g. as the worker wrote it on the invoice's creation. */
	static String json(String id, Map<String, String> metadata, long amount) {
		JsonObject names = new JsonObject();
		metadata.forEach(names::addProperty);
		return """
				{"id": "%s", "object": "invoice", "status": "paid", "currency": "usd", "total": %d, "amount_paid": %d,
				 "created": 1770800000, "livemode": false,
				 "metadata": %s,
				 "status_transitions": {"paid_at": 1770890400},
				 "lines": {"object": "list", "has_more": false, "url": "/v1/invoices/%s/lines",
				   "data": [{"id": "il_%s", "object": "line_item", "amount": %d, "currency": "usd",
				             "description": "Visit", "quantity": 1}]}}"""
			.formatted(id, amount, amount, names, id, id, amount);
	}

	/** The command of one delivery of an {@code invoice.paid} event. */
	static CreateInvoice webhookCommand(String json) {
		return mapping.map(JsonParser.parseString(json).getAsJsonObject(), CommandSource.STRIPE_WEBHOOK, Instant.now())
			.command();
	}

}
