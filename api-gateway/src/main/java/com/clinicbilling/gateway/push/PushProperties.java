package com.clinicbilling.gateway.push;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Server-sent status events ({@code GET /v1/invoice-requests/{requestId}/events}).
 *
 * @param heartbeatInterval how often an open stream gets a comment line, so proxies and clients
 * see it alive and a gone client is noticed; the contract wants at least one every 15 seconds
 * @param timeout longest a stream stays open; the client's EventSource then reconnects and gets the
 * current status at once
 * @param threads threads shared by all streams that write status events and heartbeats; a stream
 * holds no thread while it waits
 * @param maxStreamsPerClinic most open streams of one clinic on this instance; over it, 429 with
 * {@code Retry-After}
 * @param maxStreams most open streams of this instance, whatever the clinic: kept well below Tomcat's
 * {@code server.tomcat.max-connections} (8192), so streams never take the connections submissions need
 * @param retryAfter the {@code Retry-After} of a stream refused for a cap
 * @param resumeWindow how many of the latest status changes each instance keeps so that a clinic
 * stream resuming with {@code Last-Event-ID} is sent those it missed
 */
@ConfigurationProperties("invoice.gateway.push")
record PushProperties(@DefaultValue("10s") Duration heartbeatInterval, @DefaultValue("30m") Duration timeout,
		@DefaultValue("2") int threads, @DefaultValue("500") int maxStreamsPerClinic,
		@DefaultValue("4000") int maxStreams, @DefaultValue("30s") Duration retryAfter,
		@DefaultValue("100000") int resumeWindow) {

	static final Duration MAX_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);

	PushProperties {
		if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()
				|| heartbeatInterval.compareTo(MAX_HEARTBEAT_INTERVAL) > 0) {
			throw new IllegalArgumentException("invoice.gateway.push.heartbeat-interval must be more than 0 and at most "
					+ MAX_HEARTBEAT_INTERVAL.toSeconds() + " s (the contract), was " + heartbeatInterval);
		}
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("invoice.gateway.push.timeout must be positive, was " + timeout);
		}
		if (maxStreamsPerClinic < 1 || maxStreams < 1) {
			throw new IllegalArgumentException("invoice.gateway.push.max-streams-per-clinic and max-streams must be at least 1");
		}
		if (resumeWindow < 0) {
			throw new IllegalArgumentException("invoice.gateway.push.resume-window must not be negative, was " + resumeWindow);
		}
		if (threads < 1) {
			throw new IllegalArgumentException("invoice.gateway.push.threads must be at least 1, was " + threads);
		}
	}

}
