package com.clinicbilling.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;

/**
 * The identity of a command: a fingerprint of what it asks for, and a request id derived from the
 * clinic, the idempotency key and that fingerprint.
 *
 * <p>Every producer (gateway, Stripe webhook, backfill) and the worker compute both here, so the same
 * key with the same body gives the same request id on any instance at any time, and a reused key with
 * another body can never collide with the first request's id.
 */
public final class CommandIdentity {

	/**
	 * The body is written as CreateInvoice v1: its fields are the whole business content. Fields added
	 * since ({@code localInvoice}: where a paid Stripe invoice goes, not what it asks for) do not count,
	 * and the schema's own fingerprint in the message header stays v1's, so a command keeps its
	 * fingerprint and request id across schema versions: a command accepted before an upgrade and its
	 * redelivery, retry or replay after it, or a webhook delivered once to an old and once to a new
	 * gateway, stay one request. A business field added later must change this choice.
	 */
	static {
		TrustedClasses.register();
	}

	private static final BinaryMessageEncoder<CreateInvoice> CONTENT = new BinaryMessageEncoder<>(
			SpecificData.getForClass(CreateInvoice.class), SchemaHistory.versions("CreateInvoice").get(0));

	private CommandIdentity() {
	}

	/**
	 * SHA-256 (hex) of the command's business content: patient, order, currency, items, memo and
	 * payment. Envelope fields (request id, accepted-at, source, fingerprint) do not count, so a
	 * replay or a retry through another producer has the same fingerprint; nor do fields added to
	 * the schema after v1 (see {@link #CONTENT}).
	 */
	public static String fingerprint(CreateInvoice command) {
		CreateInvoice content = CreateInvoice.newBuilder(command)
			.setRequestId("")
			.setBodyFingerprint("")
			.setAcceptedAt(Instant.EPOCH)
			.setSource(CommandSource.API)
			.build();
		try {
			ByteBuffer buffer = CONTENT.encode(content);
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			return HexFormat.of().formatHex(sha256(bytes));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static String requestId(long clinicId, String idempotencyKey, String fingerprint) {
		byte[] hash = sha256((clinicId + "\n" + idempotencyKey + "\n" + fingerprint).getBytes(StandardCharsets.UTF_8));
		long most = 0;
		long least = 0;
		for (int i = 0; i < 8; i++) {
			most = (most << 8) | (hash[i] & 0xff);
			least = (least << 8) | (hash[8 + i] & 0xff);
		}
		// Mark it as a name-based UUID (version 5 layout, RFC 9562 variant).
		most = (most & ~0xF000L) | 0x5000L;
		least = (least & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(most, least).toString();
	}

	/** Fills in fingerprint and request id of a command whose content and envelope are set. */
	public static CreateInvoice identify(CreateInvoice.Builder command) {
		command.setRequestId("").setBodyFingerprint("");
		String fingerprint = fingerprint(command.build());
		return command.setBodyFingerprint(fingerprint)
			.setRequestId(requestId(command.getClinicId(), command.getIdempotencyKey(), fingerprint))
			.build();
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every JVM", ex);
		}
	}

}
