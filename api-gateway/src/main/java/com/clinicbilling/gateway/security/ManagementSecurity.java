package com.clinicbilling.gateway.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.gateway.system.ProblemWriter;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The actuator on the API port: health (and its probes) is open, as the contract wants; everything
 * else (Prometheus) needs the scrape credential, HTTP Basic with {@code invoice.gateway.metrics.user}
 * and {@code invoice.gateway.metrics.password}. That is not a user token: a clinic's token opens no
 * actuator endpoint, and without a password set no caller can scrape.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ManagementSecurity.MetricsProperties.class)
public class ManagementSecurity {

	static final String SCRAPER = "SCRAPER";

	/**
	 * @param user the scrape user name
	 * @param password the scrape password ({@code INVOICE_METRICS_PASSWORD}); blank: nobody can scrape
	 */
	@ConfigurationProperties("invoice.gateway.metrics")
	record MetricsProperties(@DefaultValue("prometheus") String user, String password) {

		@Override
		public String toString() {
			return "MetricsProperties[user=" + this.user + ", password=******]";
		}

	}

	/** Before the API's chain, for the actuator's paths only. */
	@Bean
	@Order(1)
	SecurityFilterChain actuatorSecurity(HttpSecurity http, MetricsProperties properties, ProblemWriter problems) {
		DaoAuthenticationProvider scraper = new DaoAuthenticationProvider(scraper(properties));
		scraper.setPasswordEncoder(new ConstantTimePlainText());
		AuthenticationEntryPoint unauthorized = (request, response, ex) -> refuse(response, problems);
		http.securityMatcher("/actuator/**")
			.csrf(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authenticationManager(new ProviderManager(scraper))
			.authorizeHttpRequests((requests) -> requests.requestMatchers("/actuator/health", "/actuator/health/**")
				.permitAll()
				.anyRequest()
				.hasRole(SCRAPER))
			.httpBasic((basic) -> basic.authenticationEntryPoint(unauthorized))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler((request, response, ex) -> refuse(response, problems)));
		return http.build();
	}

	private static UserDetailsService scraper(MetricsProperties properties) {
		if (properties.password() == null || properties.password().isBlank()) {
			return (name) -> {
				throw new UsernameNotFoundException("No scrape credential is configured");
			};
		}
		return new InMemoryUserDetailsManager(
				User.withUsername(properties.user()).password(properties.password()).roles(SCRAPER).build());
	}

	private static void refuse(HttpServletResponse response, ProblemWriter problems) throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"metrics\"");
		problems.write(response,
				ProblemException.unauthorized("This endpoint needs the scrape credential (HTTP Basic)"));
	}

	/** The password is a random secret, not a person's: compared as given, in constant time. */
	private static final class ConstantTimePlainText implements PasswordEncoder {

		@Override
		public String encode(CharSequence raw) {
			return raw.toString();
		}

		@Override
		public boolean matches(CharSequence raw, String stored) {
			return raw != null && stored != null && MessageDigest.isEqual(raw.toString().getBytes(StandardCharsets.UTF_8),
					stored.getBytes(StandardCharsets.UTF_8));
		}

	}

}
