package com.clinicbilling.worker.stripe;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.clinicbilling.stripe.backfill.StripeBackfill;
import com.clinicbilling.worker.TestData;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backfill tool against Stripe's invoice list (WireMock, 250 paid invoices in pages of 100) and a
 * worker: the commands it publishes are the webhook's, so the worker makes each invoice once.
 */
class StripeBackfillIT extends StripeWorkerTestSupport {

	private static final int INVOICES = 250;

	@TempDir
	Path dir;

	private TestData data;

	@BeforeEach
	void newClinic() {
		this.data = TestData.newClinic(db);
	}

	@Test
	void makesTwoHundredFiftyInvoicesOfTwoHundredFiftyStripeInvoicesWhenRunTwice() {
		String from = "2026-01-01";
		List<String> ids = stubPaidInvoices(from);

		assertThat(backfill(from, "2026-02-01", this.dir.resolve("first.checkpoint"))).isZero();
		await().atMost(TIMEOUT).until(() -> invoices(this.data.clinicId()) == INVOICES);
		List<String> requestIds = db.queryForList("select request_id from invoice_requests where clinic_id = ?",
				String.class, this.data.clinicId());
		assertThat(backfill(from, "2026-02-01", this.dir.resolve("second.checkpoint"))).isZero();
		// Each run published each command once (the command is its own PENDING), and the worker
		// answered each delivery: two answers per request, and still one invoice each.
		awaitAnswered(requestIds, 2);

		assertThat(invoices(this.data.clinicId())).isEqualTo(INVOICES);
		assertThat(db.queryForObject("select count(distinct stripe_invoice_id) from invoices where clinic_id = ?",
				Long.class, this.data.clinicId())).isEqualTo(INVOICES);
		assertThat(db.queryForObject("select count(*) from invoices where clinic_id = ? and status = 'PAID'"
				+ " and metadata ->> 'source' = 'BACKFILL'", Long.class, this.data.clinicId())).isEqualTo(INVOICES);
		assertThat(db.queryForObject("select sum(amount) from invoices where clinic_id = ?", Long.class,
				this.data.clinicId())).isEqualTo(IntStream.rangeClosed(1, INVOICES).mapToLong((n) -> 1_000 + n).sum());
		assertThat(ids).hasSize(INVOICES);
	}

	@Test
	void resumesAfterTheLastCommittedPageWhenARunStopped() throws Exception {
		String from = "2026-03-01";
		List<String> ids = stubPaidInvoices(from);
		MappingBuilder brokenSecondPage = page(from, ids.get(99))
			.atPriority(StripeStub.OVERRIDE)
			.willReturn(StripeStub.error(500, "api_error", "", "Stripe is down"));
		var broken = stripe.server.stubFor(brokenSecondPage);
		Path checkpoint = this.dir.resolve("resume.checkpoint");

		assertThat(backfill(from, "2026-04-01", checkpoint)).isEqualTo(1);
		assertThat(java.nio.file.Files.readString(checkpoint)).contains("startingAfter=" + ids.get(99), "published=100");
		stripe.server.removeStub(broken);
		assertThat(backfill(from, "2026-04-01", checkpoint)).isZero();

		await().atMost(TIMEOUT).until(() -> invoices(this.data.clinicId()) == INVOICES);
		assertThat(stripe.server.findAll(getRequestedFor(urlPathEqualTo("/v1/invoices"))
			.withQueryParam("created[gte]", equalTo(epoch(from)))
			.withQueryParam("starting_after", absent()))).as("first page, asked by the first run only").hasSize(1);
		assertThat(java.nio.file.Files.readString(checkpoint)).contains("published=250", "complete=true");
		// A completed range is not run again from its checkpoint.
		assertThat(backfill(from, "2026-04-01", checkpoint)).isZero();
	}

	private int backfill(String from, String to, Path checkpoint) {
		return StripeBackfill.run(List.of("--from", from, "--to", to, "--checkpoint", checkpoint.toString(), "--kafka",
				broker().getBrokersAsString(), "--api-base", stripe.baseUrl(), "--rate", "2000"),
				Map.of("STRIPE_API_KEY", "sk_test_stub"));
	}

	/** 250 paid invoices of this clinic's two patients, in pages of 100 as Stripe lists them. */
	private List<String> stubPaidInvoices(String from) {
		List<String> ids = new ArrayList<>();
		List<String> invoices = new ArrayList<>();
		for (int n = 1; n <= INVOICES; n++) {
			String id = "in_bf_" + this.data.clinicId() + "_" + n;
			ids.add(id);
			invoices.add(PaidStripeInvoices.json(id, this.data.clinicId(),
					(n % 2 == 0) ? this.data.patientId() : this.data.otherPatientId(), 1_000 + n));
		}
		for (int start = 0; start < INVOICES; start += 100) {
			int end = Math.min(INVOICES, start + 100);
			String body = """
					{"object": "list", "url": "/v1/invoices", "has_more": %s, "data": [%s]}"""
				.formatted(end < INVOICES, String.join(",", invoices.subList(start, end)));
			stripe.server.stubFor(page(from, (start == 0) ? null : ids.get(start - 1))
				.willReturn(StripeStub.json(body)));
		}
		return ids;
	}

	private static MappingBuilder page(String from, String startingAfter) {
		return get(urlPathEqualTo("/v1/invoices")).withQueryParam("created[gte]", equalTo(epoch(from)))
			.withQueryParam("status", equalTo("paid"))
			.withQueryParam("limit", equalTo("100"))
			.withQueryParam("starting_after", (startingAfter != null) ? equalTo(startingAfter) : absent());
	}

	private static String epoch(String date) {
		return Long.toString(java.time.LocalDate.parse(date).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond());
	}

}
