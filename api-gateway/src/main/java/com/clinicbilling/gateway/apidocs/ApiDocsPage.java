package com.clinicbilling.gateway.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The browsable page of {@code /v3/api-docs} at {@code /api-docs/}, in local mode only (the local
 * stack sets {@code invoice.gateway.api-docs.page}): Swagger UI from its webjar in this jar, so the
 * page needs no network beyond the gateway.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("invoice.gateway.api-docs.page")
class ApiDocsPage implements WebMvcConfigurer {

	static final String PATH = "/api-docs/";

	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler(PATH + "swagger-ui/**")
			.addResourceLocations("classpath:/META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion() + "/");
		registry.addResourceHandler(PATH + "**").addResourceLocations("classpath:/api-docs/page/");
	}

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/api-docs", PATH + "index.html");
		registry.addRedirectViewController(PATH, PATH + "index.html");
	}

	/** The webjar's folder is named after its version, which its Maven metadata holds. */
	private static String swaggerUiVersion() {
		try (InputStream in = new ClassPathResource("META-INF/maven/org.webjars/swagger-ui/pom.properties")
			.getInputStream()) {
			Properties properties = new Properties();
			properties.load(in);
			return properties.getProperty("version");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The swagger-ui webjar is not on the classpath", ex);
		}
	}

}
