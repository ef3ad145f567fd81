package com.clinicbilling.gateway.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.clinicbilling.gateway.ApiContract;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JavaScript client's type declarations ({@code clients/js/src/index.d.ts}) agree with
 * docs/openapi.yaml: what the client sends has exactly the document's fields and required ones, and
 * what it reads names every field the document says the gateway answers with.
 */
class ClientTypesTest {

	private static final Path DECLARATIONS = Path.of("..", "clients", "js", "src", "index.d.ts");

	/** {@code export interface Name { ... }}, with nested braces one level deep. */
	private static final Pattern INTERFACE = Pattern
		.compile("export interface (\\w+) \\{((?:[^{}]|\\{(?:[^{}]|\\{[^{}]*\\})*\\})*)\\}");

	/** A top-level field of an interface body: {@code name?: type;}, documentation comments aside. */
	private static final Pattern FIELD = Pattern.compile("(?m)^  (\\w+)(\\??):");

	private final OpenAPI document = document();

	private final Map<String, Map<String, Boolean>> declared = declarations();

	@Test
	void theRequestBodyIsTheDocumentsExactly() {
		assertThat(this.declared.get("InvoiceRequest")).isEqualTo(fields("InvoiceRequest"));
	}

	@Test
	void aLineItemHasTheFieldsOfBothKindsOfLine() {
		Map<String, Boolean> product = fields("ProductLine");
		Map<String, Boolean> custom = fields("CustomLine");
		Set<String> either = new TreeSet<>(product.keySet());
		either.addAll(custom.keySet());
		Map<String, Boolean> lineItem = this.declared.get("LineItem");

		assertThat(lineItem.keySet()).containsExactlyInAnyOrderElementsOf(either);
		// Required in both kinds of line, required in the union; otherwise optional.
		either.forEach((field) -> assertThat(lineItem.get(field)).as(field)
			.isEqualTo(product.getOrDefault(field, false) && custom.getOrDefault(field, false)));
	}

	@Test
	void theAnswersTypesNameEveryFieldTheGatewaySends() {
		for (String type : new String[] { "Accepted", "RequestStatus", "DeadLetter" }) {
			assertThat(this.declared.get(type)).as(type).containsKeys(fields(type).keySet().toArray(String[]::new));
		}
	}

	/** The schema's properties, each mapped to whether it is required. */
	private Map<String, Boolean> fields(String schemaName) {
		Schema<?> schema = this.document.getComponents().getSchemas().get(schemaName);
		assertThat(schema).as("schema %s in docs/openapi.yaml", schemaName).isNotNull();
		Map<String, Boolean> fields = new LinkedHashMap<>();
		Set<String> required = (schema.getRequired() != null) ? Set.copyOf(schema.getRequired()) : Set.of();
		schema.getProperties().keySet().forEach((name) -> fields.put(name, required.contains(name)));
		return fields;
	}

	private static Map<String, Map<String, Boolean>> declarations() {
		String source;
		try {
			source = Files.readString(DECLARATIONS).replaceAll("(?s)/\\*.*?\\*/", "");
		}
		catch (IOException ex) {
			throw new IllegalStateException("The JavaScript client's declarations are missing: " + DECLARATIONS, ex);
		}
		Map<String, Map<String, Boolean>> interfaces = new LinkedHashMap<>();
		Matcher matcher = INTERFACE.matcher(source);
		while (matcher.find()) {
			Map<String, Boolean> fields = new LinkedHashMap<>();
			Matcher field = FIELD.matcher(matcher.group(2));
			while (field.find()) {
				fields.put(field.group(1), field.group(2).isEmpty());
			}
			interfaces.put(matcher.group(1), fields);
		}
		return interfaces;
	}

	private static OpenAPI document() {
		try (InputStream in = ClientTypesTest.class.getClassLoader().getResourceAsStream(ApiContract.DOCUMENT)) {
			return new OpenAPIV3Parser().readContents(new String(in.readAllBytes(), StandardCharsets.UTF_8))
				.getOpenAPI();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
