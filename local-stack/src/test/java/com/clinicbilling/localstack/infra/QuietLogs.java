package com.clinicbilling.localstack.infra;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Logback without a configuration logs everything at DEBUG, and a Kafka broker at DEBUG slows the tests
 * down. Test resources are not ours to add here, so the levels are set in code.
 */
final class QuietLogs {

	private QuietLogs() {
	}

	static void apply() {
		if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
			context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
			context.getLogger("kafka").setLevel(Level.WARN);
			context.getLogger("org.apache.kafka").setLevel(Level.WARN);
			context.getLogger("state.change.logger").setLevel(Level.WARN);
		}
	}

}
