package com.clinicbilling.gateway.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.clinicbilling.gateway.ApiContract;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/openapi.yaml is a valid OpenAPI 3.0 document: what every client generator reads first. */
class ApiDocumentTest {

	@Test
	void isAValidOpenApiDocument() throws IOException {
		String document;
		// Read here rather than through ApiContract, whose validators cannot even start on a broken document.
		try (InputStream in = getClass().getClassLoader().getResourceAsStream(ApiContract.DOCUMENT)) {
			document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}

		SwaggerParseResult result = new OpenAPIV3Parser().readContents(document);

		assertThat(result.getMessages()).isEmpty();
		assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.0");
	}

}
