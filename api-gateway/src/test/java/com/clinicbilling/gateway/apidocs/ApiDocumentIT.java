package com.clinicbilling.gateway.apidocs;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import com.clinicbilling.gateway.ApiContract;
import com.clinicbilling.gateway.GatewayClient;
import com.clinicbilling.gateway.KafkaTestSupport;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/openapi.yaml cannot drift from the code: its operations are exactly the handlers Spring MVC
 * maps (a new, renamed or removed endpoint fails here until the document says so), and the gateway
 * serves it, publicly, with a browsable page in local mode only. The shapes of requests and answers
 * are checked on every exchange of the integration tests ({@link ApiContract}).
 */
class ApiDocumentIT {

	/** Boot's error page: not an API endpoint, every failure is answered as problem+json before it. */
	private static final Set<String> FRAMEWORK = Set.of("/error");

	static EmbeddedKafkaKraftBroker broker;

	static GatewayClient local;

	@BeforeAll
	static void start() {
		broker = KafkaTestSupport.startBroker();
		local = GatewayClient.start(broker.getBrokersAsString(), "--invoice.gateway.api-docs.page=true");
	}

	@AfterAll
	static void stop() {
		KafkaTestSupport.stop(broker, local);
	}

	@Test
	void documentsExactlyTheOperationsTheGatewayAnswers() {
		Set<String> mapped = new TreeSet<>();
		RequestMappingHandlerMapping mappings = local.bean("requestMappingHandlerMapping",
				RequestMappingHandlerMapping.class);
		for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
			for (String pattern : info.getPatternValues()) {
				if (FRAMEWORK.contains(pattern)) {
					continue;
				}
				assertThat(info.getMethodsCondition().getMethods())
					.as("%s maps every HTTP method; give it one, and document it", pattern)
					.isNotEmpty();
				info.getMethodsCondition().getMethods().forEach((method) -> mapped.add(method + " " + pattern));
			}
		}
		// Answered by the last filter of the security chain, not by a Spring MVC handler (SubmitEndpoint).
		mapped.add("POST /v1/invoices");
		Set<String> documented = new TreeSet<>();
		document().getPaths().forEach((path, item) -> item.readOperationsMap()
			.keySet()
			.forEach((method) -> documented.add(method + " " + path)));
		// The actuator has its own handler mapping; its documented paths are called below.
		documented.removeIf((operation) -> operation.contains(" /actuator/"));

		assertThat(documented).as("operations of docs/openapi.yaml").isEqualTo(mapped);
	}

	@Test
	void documentedHealthEndpointsAnswerAsDocumented() {
		// GatewayClient checks each answer against the document.
		await().untilAsserted(() -> {
			for (String path : document().getPaths().keySet()) {
				if (path.startsWith("/actuator/")) {
					assertThat(local.get(null, path).statusCode()).as(path).isEqualTo(200);
				}
			}
		});
	}

	@Test
	void servesTheRepositorysDocumentWithoutAToken() throws IOException {
		HttpResponse<String> response = local.get(null, "/v3/api-docs");

		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/yaml"));
		assertThat(response.body()).isEqualTo(ApiContract.document())
			.isEqualTo(Files.readString(Path.of("..", "docs", "openapi.yaml"), StandardCharsets.UTF_8));
	}

	@Test
	void servesABrowsablePageInLocalModeThatNeedsNoOtherHost() {
		HttpResponse<String> redirect = local.get(null, "/api-docs/");
		HttpResponse<String> page = local.get(null, "/api-docs/index.html");
		HttpResponse<String> init = local.get(null, "/api-docs/init.js");
		HttpResponse<String> bundle = local.get(null, "/api-docs/swagger-ui/swagger-ui-bundle.js");
		HttpResponse<String> css = local.get(null, "/api-docs/swagger-ui/swagger-ui.css");

		assertThat(redirect.statusCode()).isEqualTo(302);
		assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).endsWith("/api-docs/index.html"));
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.body()).contains("swagger-ui/swagger-ui-bundle.js", "init.js").doesNotContain("http");
		assertThat(init.statusCode()).isEqualTo(200);
		assertThat(init.body()).contains("'/v3/api-docs'", "validatorUrl: null").doesNotContain("http");
		assertThat(bundle.statusCode()).isEqualTo(200);
		assertThat(bundle.body()).contains("SwaggerUIBundle");
		assertThat(css.statusCode()).isEqualTo(200);
	}

	@Test
	void hasNoPageOutsideLocalModeButStillServesTheDocument() {
		try (GatewayClient deployed = GatewayClient.start(broker.getBrokersAsString())) {
			assertThat(deployed.get(null, "/api-docs/index.html").statusCode()).isEqualTo(404);
			assertThat(deployed.get(null, "/api-docs/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(404);
			assertThat(deployed.get(null, "/v3/api-docs").statusCode()).isEqualTo(200);
		}
	}

	private static OpenAPI document() {
		return new OpenAPIV3Parser().readContents(ApiContract.document()).getOpenAPI();
	}

}
