package com.clinicbilling.schemas;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Names of the topics in the outside contract. */
public final class Topics {

	/** {@link CreateInvoice} commands, keyed by {@code {clinicId}:{idempotencyKey}}. */
	public static final String COMMANDS = "invoice.commands";

	/** {@link RequestStatus} per request, keyed by request id; compacted. */
	public static final String REQUEST_STATUS = "invoice.request-status";

	/** Spring Kafka's default dead-letter topic name for {@link #COMMANDS}. */
	public static final String COMMANDS_DEAD_LETTER = COMMANDS + "-dlt";

	/**
	 * Internal to the worker: OPEN invoices handed to its Stripe stage, keyed by invoice id (so the
	 * hand-offs of one invoice stay in order); the value is the {@link RequestStatus} the invoice's
	 * request gets once the invoice is on Stripe.
	 */
	public static final String STRIPE_SYNC = "invoice.stripe-sync";

	private Topics() {
	}

	/**
	 * The topics as every application declares them (creating what is missing at start): the
	 * status topic is compacted, so the latest status of every request is kept.
	 */
	public static List<NewTopic> declarations(int partitions, short replicationFactor) {
		return List.of(new NewTopic(COMMANDS, partitions, replicationFactor),
				new NewTopic(REQUEST_STATUS, partitions, replicationFactor)
					.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)),
				new NewTopic(COMMANDS_DEAD_LETTER, partitions, replicationFactor),
				new NewTopic(STRIPE_SYNC, partitions, replicationFactor));
	}

	public static String commandKey(long clinicId, String idempotencyKey) {
		return clinicId + ":" + idempotencyKey;
	}

}
