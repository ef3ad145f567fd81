package com.clinicbilling.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.Schema;

/**
 * Every version of a schema this module has ever shipped, oldest first.
 *
 * <p>There is no schema registry: the history lives in this jar as
 * {@code avro-history/<RecordName>/v<n>.avsc}. A change to a schema adds a file here; it never
 * edits one. {@code SchemaHistoryTest} fails the build when the latest file differs from the
 * generated class or cannot read the data of an older one.
 */
public final class SchemaHistory {

	private SchemaHistory() {
	}

	public static List<Schema> versions(String recordName) {
		List<Schema> versions = new ArrayList<>();
		for (int version = 1;; version++) {
			String resource = "/avro-history/" + recordName + "/v" + version + ".avsc";
			try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
				if (in == null) {
					break;
				}
				versions.add(new Schema.Parser().parse(in));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot read " + resource, ex);
			}
		}
		if (versions.isEmpty()) {
			throw new IllegalStateException("No schema history for " + recordName);
		}
		return List.copyOf(versions);
	}

}
