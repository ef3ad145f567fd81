package com.clinicbilling.stripe;

import java.util.ArrayList;
import java.util.List;

import com.clinicbilling.schemas.CreateInvoiceRules;
import com.clinicbilling.schemas.LineItem;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The lines of a paid Stripe invoice as custom line items (description, unit amount, quantity).
 *
 * <p>The local invoice must add up to what was paid, so the lines are taken one to one only when they
 * do: every line known (Stripe sends at most the first ten in an event, with {@code has_more}),
 * none negative (credits, prorations), and their sum equal to the invoice's {@code total} (no
 * discount or tax on top). Otherwise the invoice becomes one line for its total, named after the
 * Stripe invoice. Both rules depend on the invoice alone, so every delivery and every backfill of
 * one invoice makes the same lines.
 */
final class StripeInvoiceLines {

	static final String UNNAMED_LINE = "Stripe line item";

	private StripeInvoiceLines() {
	}

	static List<LineItem> of(JsonObject invoice, long total) {
		List<LineItem> lines = exactLines(Json.object(invoice, "lines"), total);
		if (lines != null) {
			return lines;
		}
		String number = Json.string(invoice, "number");
		String name = "Stripe invoice " + ((number != null && !number.isBlank()) ? number : Json.string(invoice, "id"));
		return List.of(line(name, total, 1));
	}

	/** The lines one to one, or null when they do not add up to the total on their own. */
	private static List<LineItem> exactLines(JsonObject lines, long total) {
		JsonArray data = Json.array(lines, "data");
		if (data == null || Json.isTrue(lines, "has_more") || data.size() > CreateInvoiceRules.MAX_LINE_ITEMS) {
			return null;
		}
		List<LineItem> items = new ArrayList<>(data.size());
		long sum = 0;
		for (JsonElement element : data) {
			JsonObject line = element.isJsonObject() ? element.getAsJsonObject() : null;
			Long amount = Json.number(line, "amount");
			if (amount == null || amount < 0) {
				return null;
			}
			if (amount == 0) {
				continue;
			}
			Long quantity = Json.number(line, "quantity");
			items.add(item(Json.string(line, "description"), amount, (quantity != null) ? quantity : 1));
			sum += amount;
		}
		return (!items.isEmpty() && sum == total) ? List.copyOf(items) : null;
	}

	/** Unit amount times quantity where the amount divides evenly, else the whole amount once. */
	private static LineItem item(String description, long amount, long quantity) {
		if (quantity >= 1 && quantity <= CreateInvoiceRules.MAX_QUANTITY && amount % quantity == 0) {
			return line(description, amount / quantity, (int) quantity);
		}
		return line(description, amount, 1);
	}

	private static LineItem line(String description, long unitAmount, int quantity) {
		String name = (description == null || description.isBlank()) ? UNNAMED_LINE : description.strip();
		return LineItem.newBuilder()
			.setDescription(truncate(name, CreateInvoiceRules.MAX_DESCRIPTION))
			.setUnitAmount(unitAmount)
			.setQuantity(quantity)
			.build();
	}

	static String truncate(String text, int max) {
		if (text.length() <= max) {
			return text;
		}
		// Never split a surrogate pair: half an emoji is not valid text.
		return text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
	}

}
