package com.clinicbilling.gateway.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Browser pages on other origins may call the API only from the origins listed in
 * {@code INVOICE_GATEWAY_CORS_ORIGINS} (none by default). Spring Security's CORS filter answers
 * preflights before authentication and refuses any other origin.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BrowserCors.CorsProperties.class)
class BrowserCors {

	/** @param origins exact origins ({@code https://billing.example}), comma-separated in the environment */
	@ConfigurationProperties("invoice.gateway.cors")
	record CorsProperties(@DefaultValue List<String> origins) {
	}

	@Bean
	CorsConfigurationSource corsConfigurationSource(CorsProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		List<String> origins = properties.origins().stream().map(String::strip).filter((o) -> !o.isEmpty()).toList();
		if (origins.isEmpty()) {
			return source;
		}
		CorsConfiguration api = new CorsConfiguration();
		api.setAllowedOrigins(origins);
		api.setAllowedMethods(List.of("GET", "POST"));
		api.setAllowedHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key", "Last-Event-ID"));
		api.setExposedHeaders(List.of("Location", "Retry-After"));
		api.setMaxAge(Duration.ofHours(1));
		source.registerCorsConfiguration("/v1/**", api);
		return source;
	}

}
