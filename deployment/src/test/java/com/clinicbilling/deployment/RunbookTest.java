package com.clinicbilling.deployment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The operators' document: every alert has a section. */
class RunbookTest {

	private final String runbook = RepositoryFiles.read("docs/runbook.md");

	@Test
	void coversEveryAlertAndBothOutages() {
		assertThat(DocumentLinksTest.headings(this.runbook)).contains("consumer-lag-high", "dead-letter-topic-not-empty",
				"hikari-pool-saturated", "accept-503-rate", "gateway-readiness-down", "database-outage", "kafka-outage",
				"replaying-dead-letters", "scaling-the-gateways", "scaling-the-workers", "sizing-database-connections");
	}

	@Test
	void describesReplayWithTheContractsAdminEndpoints() {
		assertThat(this.runbook).contains("GET /v1/admin/dead-letters", "/v1/admin/dead-letters/replay", "\"dryRun\": true",
				"invoices:admin");
	}

	@Test
	void statesTheConnectionFormulaWithTheSettingItIsBuiltOn() {
		assertThat(this.runbook).contains("worker replicas × INVOICE_WORKER_CONCURRENCY",
				"worker replicas × INVOICE_WORKER_STRIPE_CONCURRENCY", "max_connections");
	}

}
