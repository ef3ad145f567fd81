package com.clinicbilling.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build-time compatibility check: a schema change that cannot read data written by an earlier
 * version, or that was made without adding a version to the history, fails the build here.
 */
class SchemaHistoryTest {

	static Stream<Arguments> schemas() {
		return Stream.of(Arguments.of(CreateInvoice.getClassSchema(), AvroSerde.createInvoice()),
				Arguments.of(RequestStatus.getClassSchema(), AvroSerde.requestStatus()));
	}

	@ParameterizedTest
	@MethodSource("schemas")
	void latestVersionIsTheGeneratedSchema(Schema current) {
		List<Schema> versions = SchemaHistory.versions(current.getName());
		// Messages carry the fingerprint of the parsing canonical form, so that is what must match.
		assertThat(SchemaNormalization.parsingFingerprint64(versions.get(versions.size() - 1)))
			.as("add avro-history/%s/v%d.avsc for the change", current.getName(), versions.size() + 1)
			.isEqualTo(SchemaNormalization.parsingFingerprint64(current));
	}

	@ParameterizedTest
	@MethodSource("schemas")
	void everyVersionReadsEveryEarlierVersion(Schema current) {
		List<Schema> versions = SchemaHistory.versions(current.getName());
		for (int reader = 0; reader < versions.size(); reader++) {
			for (int writer = 0; writer <= reader; writer++) {
				var result = SchemaCompatibility.checkReaderWriterCompatibility(versions.get(reader),
						versions.get(writer));
				assertThat(result.getType()).as("v%d reading v%d: %s", reader + 1, writer + 1, result.getDescription())
					.isEqualTo(SchemaCompatibilityType.COMPATIBLE);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("schemas")
	<T extends SpecificRecord> void dataOfEveryShippedVersionDecodes(Schema current, AvroSerde<T> serde)
			throws IOException {
		List<Schema> versions = SchemaHistory.versions(current.getName());
		for (int version = 1; version <= versions.size(); version++) {
			Schema writer = versions.get(version - 1);
			GenericRecord example = example(current.getName(), version, writer);
			byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), writer).encode(example).array();

			T decoded = serde.decode(bytes);

			assertThat(decoded.get(decoded.getSchema().getField("requestId").pos())).as("v%d", version)
				.isEqualTo(example.get("requestId").toString());
			assertThat(decoded.get(decoded.getSchema().getField("clinicId").pos())).isEqualTo(example.get("clinicId"));
		}
	}

	private static GenericRecord example(String name, int version, Schema writer) throws IOException {
		String resource = "/avro-history/" + name + "/v" + version + ".json";
		try (InputStream in = SchemaHistoryTest.class.getResourceAsStream(resource)) {
			assertThat(in).as("every shipped version needs an example datum at %s", resource).isNotNull();
			String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			return new GenericDatumReader<GenericRecord>(writer).read(null,
					DecoderFactory.get().jsonDecoder(writer, json));
		}
	}

}
