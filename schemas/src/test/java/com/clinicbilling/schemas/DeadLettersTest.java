package com.clinicbilling.schemas;

import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class DeadLettersTest {

	private final AvroSerde<CreateInvoice> serde = AvroSerde.createInvoice();

	@Test
	void tellsAnUnknownSchemaFromBytesThatAreNotAvro() throws Exception {
		var unknown = SchemaBuilder.record("Other").fields().requiredString("x").endRecord();
		GenericRecord datum = new GenericData.Record(unknown);
		datum.put("x", "y");
		byte[] otherSchema = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), unknown).encode(datum).array();

		Throwable unknownSchema = catchThrowable(() -> this.serde.decode(otherSchema));
		Throwable garbage = catchThrowable(() -> this.serde.decode("garbage".getBytes()));

		assertThat(DeadLetters.errorCode(new RuntimeException("listener failed", unknownSchema)))
			.isEqualTo(DeadLetters.UNKNOWN_SCHEMA);
		assertThat(DeadLetters.errorCode(new RuntimeException("listener failed", garbage)))
			.isEqualTo(DeadLetters.UNDECODABLE);
		assertThat(DeadLetters.errorCode(new IllegalStateException("no request id")))
			.isEqualTo(DeadLetters.UNANSWERABLE);
	}

}
