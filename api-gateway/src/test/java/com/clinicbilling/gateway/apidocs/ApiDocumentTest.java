package com.clinicbilling.gateway.apidocs;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import com.clinicbilling.gateway.ApiContract;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/openapi.yaml is a valid OpenAPI 3.0 document: what every client generator reads first. */
class ApiDocumentTest {

	@Test
	void isAValidOpenApiDocument() throws java.io.IOException {
		SwaggerParseResult result = new OpenAPIV3Parser().readContents(new String(ApiDocumentTest.class.getClassLoader().getResourceAsStream("api-docs/openapi.yaml").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));

		assertThat(result.getMessages()).isEmpty();
		assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.0");
	}

}
