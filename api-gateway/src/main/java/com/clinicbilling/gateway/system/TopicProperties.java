package com.clinicbilling.gateway.system;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway declares the contract's topics when they do not exist yet. Existing topics are
 * left as they are.
 *
 * @param partitions partitions of {@code invoice.commands} and {@code invoice.request-status}; the
 * upper bound of worker threads across all instances
 * @param replicationFactor replicas of each partition; 1 for a single local broker, 3 in production
 */
@ConfigurationProperties("invoice.gateway.topics")
record TopicProperties(@DefaultValue("6") int partitions, @DefaultValue("1") short replicationFactor) {

}
