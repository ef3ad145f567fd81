package com.clinicbilling.gateway.admin;

import java.time.Instant;

import com.clinicbilling.schemas.CreateInvoice;

/**
 * One record of the commands' dead-letter topic, as far as it can be read.
 *
 * @param id where it lies in the dead-letter topic ({@code partition-offset}): stable, for paging
 * @param clinicId from the record key; null when the key names no clinic
 * @param errorCode the dead-letter code header, or {@code unknown} when that is missing or not a code
 * @param command the decoded command; null when the bytes do not decode (then it cannot be replayed)
 * @param attempts how often this command failed: dead letters of the same key so far
 */
public record DeadLetter(String id, String key, Long clinicId, String errorCode, Instant failedAt, int attempts, CreateInvoice command) {

	String requestId() {
		return (this.command != null) ? this.command.getRequestId() : null;
	}

	String idempotencyKey() {
		if (this.command != null) {
			return this.command.getIdempotencyKey();
		}
		int colon = (this.key != null) ? this.key.indexOf(':') : -1;
		return (colon >= 0) ? this.key.substring(colon + 1) : this.key;
	}

}
