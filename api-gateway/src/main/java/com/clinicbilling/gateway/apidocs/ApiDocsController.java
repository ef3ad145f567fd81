package com.clinicbilling.gateway.apidocs;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v3/api-docs}: the API description, {@code docs/openapi.yaml} of the repository as the
 * build copied it into the jar. Public (no token): clients generate their code from it.
 */
@RestController
class ApiDocsController {

	/** Where the build puts {@code docs/openapi.yaml} on the classpath. */
	static final String DOCUMENT = "api-docs/openapi.yaml";

	private final Resource document = new ClassPathResource(DOCUMENT);

	@GetMapping(path = "/v3/api-docs", produces = "application/yaml")
	ResponseEntity<Resource> document() {
		return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml")).body(this.document);
	}

}
