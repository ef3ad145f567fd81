package com.clinicbilling.stripe;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.PaymentMethod;
import com.clinicbilling.stripe.StripeInvoiceCommands.Mapped;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.stripe.model.Invoice;
import com.stripe.net.ApiResource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StripeInvoiceCommandsTest {

	private static final Instant NOW = Instant.parse("2026-02-12T10:00:00.123456Z");

	private final StripeInvoiceCommands mapping = new StripeInvoiceCommands(Set.of());

	/** A paid invoice as API version 2026-07-29.dahlia shows it (fields the mapping does not read left out). */
	static String invoice(String id, String metadata, String lines, long total) {
		return """
				{"id": "%s", "object": "invoice", "status": "paid", "currency": "usd", "total": %d,
				 "number": "ABC-0001", "description": "February visits", "metadata": {%s},
				 "status_transitions": {"paid_at": 1770890400, "finalized_at": 1770890000},
				 "lines": {"object": "list", "has_more": false, "url": "/v1/invoices/%s/lines", "data": [%s]}}"""
			.formatted(id, total, metadata, id, lines);
	}

	static String line(String description, long amount, long quantity) {
		return """
				{"id": "il_%d", "object": "line_item", "amount": %d, "currency": "usd", "description": "%s", "quantity": %d}"""
			.formatted(amount, amount, description, quantity);
	}

	static final String OWNER = "\"clinic_id\": \"1\", \"patient_id\": \"101\"";

	@Test
	void mapsLinesPaymentAndOwnerOfAPaidInvoice() {
		JsonObject json = parse(invoice("in_1", OWNER, line("Semaglutide", 59800, 2) + "," + line("Consultation", 4900, 1),
				64700));

		CreateInvoice command = command(this.mapping.map(json, CommandSource.STRIPE_WEBHOOK, NOW));

		assertThat(command.getClinicId()).isEqualTo(1);
		assertThat(command.getPatientId()).isEqualTo(101);
		assertThat(command.getIdempotencyKey()).isEqualTo("stripe:in_1");
		assertThat(command.getSource()).isEqualTo(CommandSource.STRIPE_WEBHOOK);
		assertThat(command.getAcceptedAt()).isEqualTo(Instant.parse("2026-02-12T10:00:00.123Z"));
		assertThat(command.getCurrency()).isEqualTo("usd");
		assertThat(command.getMemo()).isEqualTo("February visits");
		assertThat(command.getOrderId()).isNull();
		assertThat(command.getLineItems()).extracting(LineItem::getDescription, LineItem::getUnitAmount,
				LineItem::getQuantity, LineItem::getProductId)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("Semaglutide", 29900L, 2, null),
					org.assertj.core.groups.Tuple.tuple("Consultation", 4900L, 1, null));
		assertThat(command.getPaidExternally().getMethod()).isEqualTo(PaymentMethod.STRIPE_NOT_SYNCED);
		assertThat(command.getPaidExternally().getReference()).isEqualTo("in_1");
		assertThat(command.getPaidExternally().getPaidAt()).isEqualTo(Instant.ofEpochSecond(1770890400));
		assertThat(command.getStripeInvoiceId()).isEqualTo("in_1");
		assertThat(command.getBodyFingerprint()).hasSize(64);
	}

	@Test
	void makesTheSameRequestOfEveryDeliveryAndEveryBackfillOfOneInvoice() {
		String json = invoice("in_2", OWNER, line("Consultation", 4900, 1), 4900);

		CreateInvoice webhook = command(this.mapping.map(parse(json), CommandSource.STRIPE_WEBHOOK, NOW));
		CreateInvoice later = command(this.mapping.map(parse(json), CommandSource.STRIPE_WEBHOOK, NOW.plusSeconds(600)));
		CreateInvoice backfill = command(this.mapping.map(ApiResource.GSON.fromJson(json, Invoice.class),
				CommandSource.BACKFILL, NOW.plusSeconds(86_400)));

		assertThat(later.getRequestId()).isEqualTo(webhook.getRequestId());
		assertThat(backfill.getRequestId()).isEqualTo(webhook.getRequestId());
		assertThat(backfill.getBodyFingerprint()).isEqualTo(webhook.getBodyFingerprint());
		assertThat(backfill.getSource()).isEqualTo(CommandSource.BACKFILL);
	}

	static final String REQUEST_ID = "5f0c1e2a-3b4d-5e6f-8a9b-0c1d2e3f4a5b";

	@Test
	void carriesTheLocalInvoiceTheWorkerNamedInTheMetadata() {
		String json = invoice("in_11", OWNER + ", \"invoice_id\": \"77\", \"request_id\": \"" + REQUEST_ID + "\"",
				line("Visit", 1000, 1), 1000);

		CreateInvoice webhook = command(this.mapping.map(parse(json), CommandSource.STRIPE_WEBHOOK, NOW));
		CreateInvoice backfill = command(
				this.mapping.map(ApiResource.GSON.fromJson(json, Invoice.class), CommandSource.BACKFILL, NOW));

		for (CreateInvoice command : List.of(webhook, backfill)) {
			assertThat(command.getLocalInvoice().getClinicId()).isEqualTo(1);
			assertThat(command.getLocalInvoice().getInvoiceId()).isEqualTo(77);
			assertThat(command.getLocalInvoice().getRequestId()).isEqualTo(REQUEST_ID);
		}
	}

	@Test
	void keepsTheRequestOfAnInvoiceWhateverItsLocalInvoiceMetadata() {
		// A delivery mapped before the local invoice was carried, and one after, are one request.
		String plain = invoice("in_12", OWNER, line("Visit", 1000, 1), 1000);
		String named = invoice("in_12", OWNER + ", \"invoice_id\": \"77\", \"request_id\": \"" + REQUEST_ID + "\"",
				line("Visit", 1000, 1), 1000);

		CreateInvoice first = command(this.mapping.map(parse(plain), CommandSource.STRIPE_WEBHOOK, NOW));
		CreateInvoice second = command(this.mapping.map(parse(named), CommandSource.STRIPE_WEBHOOK, NOW));

		assertThat(first.getLocalInvoice()).isNull();
		assertThat(second.getRequestId()).isEqualTo(first.getRequestId());
	}

	@Test
	void namesNoLocalInvoiceWhenTheMetadataDoesNotReadAsOurs() {
		String otherId = invoice("in_13", OWNER + ", \"invoice_id\": \"INV-77\"", line("Visit", 1000, 1), 1000);
		String otherRequest = invoice("in_14", OWNER + ", \"invoice_id\": \"77\", \"request_id\": \"order-9\"",
				line("Visit", 1000, 1), 1000);
		String noRequest = invoice("in_15", OWNER + ", \"invoice_id\": \"77\"", line("Visit", 1000, 1), 1000);

		assertThat(command(this.mapping.map(parse(otherId), CommandSource.STRIPE_WEBHOOK, NOW)).getLocalInvoice()).isNull();
		assertThat(command(this.mapping.map(parse(otherRequest), CommandSource.STRIPE_WEBHOOK, NOW)).getLocalInvoice())
			.isNull();
		// Invoices the worker created before it wrote request_id.
		assertThat(command(this.mapping.map(parse(noRequest), CommandSource.STRIPE_WEBHOOK, NOW)).getLocalInvoice())
			.satisfies((local) -> assertThat(List.of(local.getInvoiceId(), String.valueOf(local.getRequestId())))
				.containsExactly(77L, "null"));
	}

	@Test
	void makesOneLineForTheTotalWhenTheLinesDoNotAddUpToIt() {
		// A discount: the lines sum to 10000, 8000 was paid.
		CreateInvoice discounted = command(this.mapping.map(parse(invoice("in_3", OWNER, line("Lab panel", 10000, 1), 8000)),
				CommandSource.STRIPE_WEBHOOK, NOW));

		assertThat(discounted.getLineItems()).singleElement()
			.satisfies((item) -> assertThat(List.of(item.getDescription(), item.getUnitAmount(), item.getQuantity()))
				.containsExactly("Stripe invoice ABC-0001", 8000L, 1));
	}

	@Test
	void makesOneLineForTheTotalWhenStripeSentOnlySomeLines() {
		String json = invoice("in_4", OWNER, line("Visit", 1000, 1), 5000).replace("\"has_more\": false",
				"\"has_more\": true");

		CreateInvoice command = command(this.mapping.map(parse(json), CommandSource.STRIPE_WEBHOOK, NOW));

		assertThat(command.getLineItems()).singleElement().satisfies((item) -> assertThat(item.getUnitAmount()).isEqualTo(5000));
	}

	@Test
	void keepsAnAmountThatDoesNotDivideByItsQuantityAsOneUnit() {
		CreateInvoice command = command(this.mapping.map(parse(invoice("in_5", OWNER, line("Pills", 1000, 3), 1000)),
				CommandSource.STRIPE_WEBHOOK, NOW));

		assertThat(command.getLineItems()).singleElement()
			.satisfies((item) -> assertThat(List.of(item.getUnitAmount(), item.getQuantity())).containsExactly(1000L, 1));
	}

	@Test
	void ignoresAnInvoiceWithoutItsOwnersMetadata() {
		Mapped mapped = this.mapping.map(parse(invoice("in_6", "\"patient_id\": \"101\"", line("Visit", 1000, 1), 1000)),
				CommandSource.STRIPE_WEBHOOK, NOW);

		assertThat(mapped.ignored()).isTrue();
		assertThat(mapped.ignoredReason()).isEqualTo("invoice in_6 has no metadata clinic_id");
	}

	@Test
	void ignoresAClinicIdThatIsNoPositiveInteger() {
		Mapped mapped = this.mapping.map(
				parse(invoice("in_7", "\"clinic_id\": \"north\", \"patient_id\": \"101\"", line("Visit", 1000, 1), 1000)),
				CommandSource.STRIPE_WEBHOOK, NOW);

		assertThat(mapped.ignoredReason()).isEqualTo("metadata clinic_id of invoice in_7 is not a positive integer: 'north'");
	}

	@Test
	void ignoresAClinicThatIsNotServedHere() {
		Mapped mapped = new StripeInvoiceCommands(Set.of(2L)).map(parse(invoice("in_8", OWNER, line("Visit", 1000, 1), 1000)),
				CommandSource.STRIPE_WEBHOOK, NOW);

		assertThat(mapped.ignoredReason()).isEqualTo("clinic 1 of invoice in_8 is not a known clinic");
	}

	@Test
	void ignoresAnInvoiceThatIsNotPaidOrHasNothingToPay() {
		String open = invoice("in_9", OWNER, line("Visit", 1000, 1), 1000).replace("\"paid\"", "\"open\"");
		String free = invoice("in_10", OWNER, "", 0);

		assertThat(this.mapping.map(parse(open), CommandSource.BACKFILL, NOW).ignoredReason())
			.isEqualTo("invoice in_9 is not paid (status open)");
		assertThat(this.mapping.map(parse(free), CommandSource.BACKFILL, NOW).ignoredReason())
			.isEqualTo("invoice in_10 has nothing to pay (total 0)");
	}

	private static CreateInvoice command(Mapped mapped) {
		assertThat(mapped.ignoredReason()).isNull();
		return mapped.command();
	}

	private static JsonObject parse(String json) {
		return JsonParser.parseString(json).getAsJsonObject();
	}

}
