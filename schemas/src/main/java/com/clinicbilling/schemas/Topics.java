package com.clinicbilling.schemas;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Names of the topics in the outside contract. */
public final class Topics {

	/**
	 * {@link CreateInvoice} commands of the interactive lane (a person waits: the HTTP API), keyed by
	 * {@code {clinicId}:{idempotencyKey}}.
	 */
	public static final String COMMANDS = "invoice.commands";

	/**
	 * The bulk lane: the same commands, same key and idempotency, from sources nobody watches one by
	 * one (backfill, dead-letter replay, Stripe webhooks). The worker serves it with what the
	 * interactive lane leaves, never less than a configured share.
	 */
	public static final String COMMANDS_BULK = "invoice.commands.bulk";

	/** Every lane's command topic, the interactive one first: what consumers of commands read (a
	 * command there is its request's PENDING status, which every gateway reads from all of them). */
	public static final List<String> COMMAND_TOPICS = List.of(COMMANDS, COMMANDS_BULK);

	/** {@link RequestStatus} per request, keyed by request id; compacted. */
	public static final String REQUEST_STATUS = "invoice.request-status";

	/** Spring Kafka's default dead-letter topic name for {@link #COMMANDS}. */
	public static final String COMMANDS_DEAD_LETTER = COMMANDS + "-dlt";

	/** Spring Kafka's default dead-letter topic name for {@link #COMMANDS_BULK}. */
	public static final String COMMANDS_BULK_DEAD_LETTER = COMMANDS_BULK + "-dlt";

	/** Every lane's dead-letter topic, in the order of {@link #COMMAND_TOPICS}. */
	public static final List<String> COMMAND_DEAD_LETTER_TOPICS = List.of(COMMANDS_DEAD_LETTER,
			COMMANDS_BULK_DEAD_LETTER);

	/**
	 * Internal to the worker: OPEN invoices handed to its Stripe stage, keyed by invoice id (so the
	 * hand-offs of one invoice stay in order); the value is the {@link RequestStatus} the invoice's
	 * request gets once the invoice is on Stripe.
	 */
	public static final String STRIPE_SYNC = "invoice.stripe-sync";

	private Topics() {
	}

	/** How long commands and Stripe hand-offs are kept (Kafka's default, stated). */
	public static final Duration COMMANDS_RETENTION = Duration.ofDays(7);

	/**
	 * How long a request's latest status is kept, and so how long every gateway answers it and knows its
	 * key ({@code invoice.gateway.status.retention}); older ones are deleted, the rest compacted. The
	 * gateways keep it on local disk, not in memory, so a month costs disk, not heap.
	 */
	public static final Duration REQUEST_STATUS_RETENTION = Duration.ofDays(30);

	/** Dead letters wait for a fix and a replay: longer than the commands. */
	public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

	/**
	 * The topics, with their partitions, cleanup policy and retention. Deployed environments create
	 * them from their own declarations ({@code k8s/kafka-topics.yaml}, docker-compose's
	 * {@code kafka-topics}), which the {@code deployment} tests keep equal to these; the
	 * applications create missing ones only where {@code spring.kafka.admin.auto-create} is true
	 * (local stack, tests).
	 */
	public static List<NewTopic> declarations(int partitions, short replicationFactor) {
		return List.of(new NewTopic(COMMANDS, partitions, replicationFactor).configs(retention(COMMANDS_RETENTION)),
				new NewTopic(COMMANDS_BULK, partitions, replicationFactor).configs(retention(COMMANDS_RETENTION)),
				new NewTopic(REQUEST_STATUS, partitions, replicationFactor)
					.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
							TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
							TopicConfig.RETENTION_MS_CONFIG, String.valueOf(REQUEST_STATUS_RETENTION.toMillis()))),
				new NewTopic(COMMANDS_DEAD_LETTER, partitions, replicationFactor)
					.configs(retention(DEAD_LETTER_RETENTION)),
				new NewTopic(COMMANDS_BULK_DEAD_LETTER, partitions, replicationFactor)
					.configs(retention(DEAD_LETTER_RETENTION)),
				new NewTopic(STRIPE_SYNC, partitions, replicationFactor).configs(retention(COMMANDS_RETENTION)));
	}

	private static Map<String, String> retention(Duration retention) {
		return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
				TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis()));
	}

	/**
	 * The lane of a command, fixed by its source: a person waits for an API submission; nobody
	 * watches a backfill, a replay or a webhook one by one (Stripe retries a webhook for days and only
	 * needs the 200, which comes once the command is stored, whatever the lane), and a webhook storm
	 * must not stand before a click.
	 */
	public static String commandTopic(CommandSource source) {
		return (source == CommandSource.API) ? COMMANDS : COMMANDS_BULK;
	}

	public static String commandKey(long clinicId, String idempotencyKey) {
		return clinicId + ":" + idempotencyKey;
	}

}
