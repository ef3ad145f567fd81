package com.clinicbilling.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde on Avro's single-object encoding: every message starts with the 64-bit fingerprint of
 * the schema it was written with, so no registry is needed. The decoder knows every version in
 * {@link SchemaHistory} and resolves old data to the current class; an unknown fingerprint or
 * undecodable bytes fail with a {@link SerializationException} that names the type.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

	private static final String UNKNOWN_SCHEMA = "Unknown schema fingerprint";

	static {
		TrustedClasses.register();
	}

	private final Class<T> type;

	private final BinaryMessageEncoder<T> encoder;

	private final BinaryMessageDecoder<T> decoder;

	private AvroSerde(Class<T> type, org.apache.avro.Schema current) {
		this.type = type;
		SpecificData model = SpecificData.getForClass(type);
		this.encoder = new BinaryMessageEncoder<>(model, current);
		this.decoder = new BinaryMessageDecoder<>(model, current);
		SchemaHistory.versions(current.getName()).forEach(this.decoder::addSchema);
	}

	public static AvroSerde<CreateInvoice> createInvoice() {
		return new AvroSerde<>(CreateInvoice.class, CreateInvoice.getClassSchema());
	}

	public static AvroSerde<RequestStatus> requestStatus() {
		return new AvroSerde<>(RequestStatus.class, RequestStatus.getClassSchema());
	}

	public byte[] encode(T value) {
		try {
			ByteBuffer buffer = this.encoder.encode(value);
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			return bytes;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public T decode(byte[] bytes) {
		try {
			return this.decoder.decode(bytes);
		}
		catch (MissingSchemaException ex) {
			throw new SerializationException(
					UNKNOWN_SCHEMA + " for " + this.type.getSimpleName() + ": " + ex.getMessage(), ex);
		}
		catch (IOException | AvroRuntimeException | IndexOutOfBoundsException ex) {
			throw new SerializationException("Cannot decode " + this.type.getSimpleName() + ": " + ex.getMessage(),
					ex);
		}
	}

	@Override
	public Serializer<T> serializer() {
		return (topic, value) -> (value != null) ? encode(value) : null;
	}

	@Override
	public Deserializer<T> deserializer() {
		return (topic, bytes) -> (bytes != null) ? decode(bytes) : null;
	}

}
