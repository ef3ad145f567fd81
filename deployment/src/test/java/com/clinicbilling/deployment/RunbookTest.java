package com.clinicbilling.deployment;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The operator documents: every alert has a section, and no link leads nowhere. */
class RunbookTest {

	private static final List<String> DOCUMENTS = List.of("docs/runbook.md", "k8s/README.md");

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private final String runbook = RepositoryFiles.read("docs/runbook.md");

	@Test
	void coversEveryAlertAndBothOutages() {
		assertThat(headings(this.runbook)).contains("consumer-lag-high", "dead-letter-topic-not-empty",
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
		assertThat(this.runbook).contains("worker replicas × INVOICE_WORKER_CONCURRENCY", "max_connections");
	}

	@Test
	void linksOnlyToHeadingsAndFilesThatExist() {
		for (String document : DOCUMENTS) {
			Path file = RepositoryFiles.resolve(document);
			String text = RepositoryFiles.read(file);
			Matcher link = LINK.matcher(text);
			while (link.find()) {
				String target = link.group(1);
				if (target.startsWith("http")) {
					continue;
				}
				String[] pathAndAnchor = target.split("#", 2);
				Path linked = pathAndAnchor[0].isEmpty() ? file : file.getParent().resolve(pathAndAnchor[0]).normalize();
				assertThat(linked).as("%s links %s", document, target).exists();
				if (pathAndAnchor.length == 2) {
					assertThat(headings(RepositoryFiles.read(linked))).as("%s links %s", document, target)
						.contains(pathAndAnchor[1]);
				}
			}
		}
	}

	/** Heading anchors as GitHub makes them: lower case, punctuation dropped, blanks to hyphens. */
	private static Set<String> headings(String markdown) {
		Set<String> anchors = new HashSet<>();
		for (String line : markdown.split("\n")) {
			if (line.startsWith("#")) {
				String title = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
				anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
			}
		}
		return anchors;
	}

}
