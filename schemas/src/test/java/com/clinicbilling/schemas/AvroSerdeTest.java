package com.clinicbilling.schemas;

import java.time.Instant;
import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AvroSerdeTest {

	private final AvroSerde<CreateInvoice> serde = AvroSerde.createInvoice();

	static CreateInvoice command() {
		return CommandIdentity.identify(CreateInvoice.newBuilder()
			.setClinicId(1)
			.setIdempotencyKey("key-1")
			.setAcceptedAt(Instant.parse("2026-02-12T10:00:00Z"))
			.setSource(CommandSource.API)
			.setPatientId(101)
			.setOrderId(5001L)
			.setCurrency("usd")
			.setLineItems(List.of(LineItem.newBuilder().setProductId(1L).setQuantity(2).build(),
					LineItem.newBuilder().setDescription("Consultation").setUnitAmount(5000L).setQuantity(1).build()))
			.setPaidExternally(ExternalPayment.newBuilder()
				.setMethod(PaymentMethod.STRIPE_NOT_SYNCED)
				.setReference("pi_123")
				.setPaidAt(Instant.parse("2026-02-12T09:00:00Z"))
				.build()));
	}

	@Test
	void roundTripsACommand() {
		CreateInvoice command = command();

		byte[] bytes = this.serde.serializer().serialize("t", command);

		assertThat(this.serde.deserializer().deserialize("t", bytes)).isEqualTo(command);
	}

	@Test
	void startsEveryMessageWithTheSingleObjectMarkerAndFingerprint() {
		byte[] bytes = this.serde.encode(command());

		assertThat(bytes[0]).isEqualTo((byte) 0xC3);
		assertThat(bytes[1]).isEqualTo((byte) 0x01);
	}

	@Test
	void failsClearlyOnAnUnknownSchemaFingerprint() throws Exception {
		Schema unknown = SchemaBuilder.record("CreateInvoice")
			.namespace("com.clinicbilling.schemas")
			.fields()
			.requiredString("requestId")
			.endRecord();
		GenericRecord datum = new GenericData.Record(unknown);
		datum.put("requestId", "r-1");
		byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), unknown).encode(datum).array();

		assertThatThrownBy(() -> this.serde.decode(bytes)).isInstanceOf(SerializationException.class)
			.hasMessageContaining("Unknown schema fingerprint for CreateInvoice");
	}

	@Test
	void failsClearlyOnBytesThatAreNotAvro() {
		byte[] garbage = "{\"patientId\": 101}".getBytes();

		assertThatThrownBy(() -> this.serde.decode(garbage)).isInstanceOf(SerializationException.class)
			.hasMessageContaining("CreateInvoice");
	}

	@Test
	void derivesTheSameRequestIdForTheSameKeyAndBody() {
		CreateInvoice first = command();
		CreateInvoice again = CommandIdentity.identify(CreateInvoice.newBuilder(first)
			.setAcceptedAt(Instant.parse("2026-02-13T00:00:00Z"))
			.setSource(CommandSource.REPLAY));
		CreateInvoice otherBody = CommandIdentity.identify(CreateInvoice.newBuilder(first).setPatientId(102));

		assertThat(again.getRequestId()).isEqualTo(first.getRequestId());
		assertThat(otherBody.getRequestId()).isNotEqualTo(first.getRequestId());
		assertThat(otherBody.getBodyFingerprint()).isNotEqualTo(first.getBodyFingerprint());
	}

	@Test
	void keepsTheBodyFingerprintOfVersionOneCommands() {
		// The fingerprint of command() as CreateInvoice v1 computed it: a redelivery, retry or replay of
		// a command accepted before a schema change must keep its request id.
		assertThat(command().getBodyFingerprint()).isEqualTo("49f235929f84be088b11876b2c71d471131378f52e2d0f356d89d8d82a87e061");
	}

	@Test
	void leavesTheLocalInvoiceOutOfTheBodyFingerprint() {
		CreateInvoice first = command();
		CreateInvoice withLocalInvoice = CommandIdentity.identify(CreateInvoice.newBuilder(first)
			.setLocalInvoice(LocalInvoice.newBuilder().setClinicId(1).setInvoiceId(7).setRequestId("r-0").build()));

		assertThat(withLocalInvoice.getRequestId()).isEqualTo(first.getRequestId());
		assertThat(this.serde.decode(this.serde.encode(withLocalInvoice)).getLocalInvoice().getInvoiceId()).isEqualTo(7);
	}

}
