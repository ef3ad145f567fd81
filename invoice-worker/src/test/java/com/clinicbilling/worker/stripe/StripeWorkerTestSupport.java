package com.clinicbilling.worker.stripe;

import java.time.Duration;
import java.util.Map;

import com.clinicbilling.worker.KafkaTestClient;
import com.clinicbilling.worker.TestInfrastructure;
import com.clinicbilling.worker.WorkerApplication;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A worker with its Stripe stage, talking to {@link StripeStub}, on the shared PostgreSQL and on a
 * broker of its own: the worker context of {@code CommandProcessingIT}, which has no Stripe stage,
 * may be alive in the same JVM and must not take these tests' commands from the same consumer group.
 * Every subclass shares one Spring context. Assertions read the database on connections of their
 * own, so they never take one of the worker's.
 */
@SpringBootTest(classes = WorkerApplication.class)
abstract class StripeWorkerTestSupport {

	static final Duration TIMEOUT = Duration.ofSeconds(60);

	static final int LOST_ANSWER_MILLIS = 6_000;

	static final StripeStub stripe = StripeStub.start();

	private static EmbeddedKafkaKraftBroker broker;

	@AutoClose
	static KafkaTestClient kafka;

	static JdbcTemplate db;

	static synchronized EmbeddedKafkaKraftBroker broker() {
		if (broker == null) {
			broker = TestInfrastructure.startKafka();
		}
		return broker;
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		TestInfrastructure.register(registry, broker());
		registry.add("invoice.worker.stripe.api-key", () -> "sk_test_stub");
		registry.add("invoice.worker.stripe.api-base", stripe::baseUrl);
		registry.add("invoice.worker.stripe.requests-per-second", () -> "200");
		registry.add("invoice.worker.stripe.retry-initial-interval", () -> "200ms");
		registry.add("invoice.worker.stripe.retry-max-interval", () -> "1s");
		registry.add("invoice.worker.stripe.backlog-check-interval", () -> "200ms");
		// Long enough for the slow Stripe of one test (2 s an answer), short enough to lose an answer in another.
		registry.add("invoice.worker.stripe.read-timeout", () -> "4s");
	}

	@BeforeAll
	static void connect() {
		kafka = new KafkaTestClient(broker().getBrokersAsString());
		db = TestInfrastructure.jdbc();
	}

	/**
	 * Waits until the status topic holds at least {@code times} statuses of each request: the worker
	 * answered every delivery of its command.
	 */
	static void awaitAnswered(java.util.Collection<String> requestIds, long times) {
		org.awaitility.Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> {
				Map<String, Long> counts = TopicReader.countByKey(broker().getBrokersAsString(),
						com.clinicbilling.schemas.Topics.REQUEST_STATUS);
				return requestIds.stream().allMatch((id) -> counts.getOrDefault(id, 0L) >= times);
			});
	}

	static String stripeInvoiceId(long invoiceId) {
		return db.queryForObject("select stripe_invoice_id from invoices where id = ?", String.class, invoiceId);
	}

	static String phase(long invoiceId) {
		return db.query("select phase from stripe_invoices where invoice_id = ?", (rs) -> rs.next() ? rs.getString(1) : null,
				invoiceId);
	}

	static long invoices(long clinicId) {
		return db.queryForObject("select count(*) from invoices where clinic_id = ?", Long.class, clinicId);
	}

}
