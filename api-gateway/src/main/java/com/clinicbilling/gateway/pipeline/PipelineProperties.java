package com.clinicbilling.gateway.pipeline;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway watches the workers' progress on {@code invoice.commands}
 * ({@code invoice.gateway.pipeline.*}).
 *
 * @param workerGroup the workers' consumer group, whose committed offsets are compared with the
 * topic's end offsets
 * @param stallAfter a partition whose committed offset has not moved this long while commands wait
 * is logged as ERROR and shown in the {@code pipeline} health details
 * @param checkInterval how often the offsets are read
 * @param laneCheckInterval how often each lane's backlog and drain rate are read, for
 * {@code Retry-After}
 * @param maxRetryAfter the longest {@code Retry-After} the backlog of a lane gives
 */
@ConfigurationProperties("invoice.gateway.pipeline")
record PipelineProperties(@DefaultValue("invoice-worker") String workerGroup, @DefaultValue("2m") Duration stallAfter,
		@DefaultValue("15s") Duration checkInterval, @DefaultValue("1s") Duration laneCheckInterval,
		@DefaultValue("1h") Duration maxRetryAfter) {

}
