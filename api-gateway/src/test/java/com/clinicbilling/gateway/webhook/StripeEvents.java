package com.clinicbilling.gateway.webhook;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Stripe events and their signatures, made the way Stripe makes them. */
final class StripeEvents {

	static final String SECRET = "whsec_test_0123456789abcdef";

	private StripeEvents() {
	}

	static String event(String type, String apiVersion, String object) {
		return """
				{"id": "evt_%s", "object": "event", "api_version": "%s", "created": 1770890400, "livemode": false,
				 "pending_webhooks": 1, "request": {"id": null, "idempotency_key": null}, "type": "%s",
				 "data": {"object": %s}}""".formatted(Long.toHexString(System.nanoTime()), apiVersion, type, object);
	}

	/** A paid invoice as API version 2026-07-29.dahlia (stripe-java's own) shows it. */
	static String paidInvoice(String id, String metadata) {
		return """
				{"id": "%s", "object": "invoice", "status": "paid", "currency": "usd", "total": 64700,
				 "amount_paid": 64700, "number": "CLN-0042", "description": null, "metadata": {%s},
				 "status_transitions": {"paid_at": 1770890400, "finalized_at": 1770880000},
				 "parent": null, "payments": {"object": "list", "data": [], "has_more": false, "url": "/v1/invoice_payments"},
				 "lines": {"object": "list", "has_more": false, "url": "/v1/invoices/%s/lines", "data": [
				   {"id": "il_1", "object": "line_item", "amount": 59800, "currency": "usd", "description": "Semaglutide, 1 month",
				    "quantity": 2, "pricing": {"type": "price_details", "unit_amount_decimal": "29900"}},
				   {"id": "il_2", "object": "line_item", "amount": 4900, "currency": "usd", "description": "Consultation",
				    "quantity": 1, "pricing": {"type": "price_details", "unit_amount_decimal": "4900"}}]}}"""
			.formatted(id, metadata, id);
	}

	/**
	 * A paid invoice as API version 2020-08-27 showed it: {@code paid}, {@code subscription} and a
	 * {@code price} per line, long since moved or removed, and a {@code discount} object.
	 */
	static String paidInvoiceOf2020(String id, String metadata) {
		return """
				{"id": "%s", "object": "invoice", "status": "paid", "paid": true, "currency": "usd", "total": 12900,
				 "amount_paid": 12900, "amount_due": 12900, "subtotal": 12900, "number": "OLD-0001",
				 "discount": null, "subscription": null, "charge": "ch_1", "payment_intent": "pi_1",
				 "metadata": {%s}, "status_transitions": {"paid_at": 1770890400},
				 "lines": {"object": "list", "has_more": false, "total_count": 1, "url": "/v1/invoices/%s/lines", "data": [
				   {"id": "il_old", "object": "line_item", "type": "invoiceitem", "amount": 12900, "currency": "usd",
				    "description": "Lab panel", "quantity": 1, "proration": false,
				    "price": {"id": "price_1", "object": "price", "unit_amount": 12900, "currency": "usd"},
				    "plan": null}]}}""".formatted(id, metadata, id);
	}

	static String signature(String payload, long timestamp) {
		return signature(payload, timestamp, SECRET);
	}

	/** Stripe's scheme: {@code t=<unix time>,v1=<hex HMAC-SHA256 of "t.payload" keyed with the secret>}. */
	static String signature(String payload, long timestamp, String secret) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8));
			return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
