package com.clinicbilling.gateway.submit;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.clinicbilling.gateway.ManualTime;
import com.clinicbilling.gateway.Tokens;
import com.clinicbilling.gateway.ratelimit.RateLimitConfiguration;
import com.clinicbilling.gateway.security.SecurityConfiguration;
import com.clinicbilling.gateway.status.RequestStatusStore;
import com.clinicbilling.gateway.system.SystemConfiguration;
import com.clinicbilling.schemas.CreateInvoice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static com.clinicbilling.gateway.TestRequests.BODY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The per-clinic submit limit with a tiny bucket (2 at once, 1 per second) and a clock the test moves. */
@WebMvcTest(controllers = SubmitEndpoint.class,
		properties = { Tokens.SECRET_PROPERTY, "invoice.gateway.rate-limit.requests-per-second=1",
				"invoice.gateway.rate-limit.burst=2" })
@Import({ SecurityConfiguration.class, SystemConfiguration.class, SubmitConfiguration.class, CommandIntake.class,
		RequestStatusStore.class, RateLimitConfiguration.class, CapturedCommands.class,
		SubmitRateLimitTest.MovableTime.class })
class SubmitRateLimitTest {

	private static final String CLINIC_1 = Tokens.forClinic(1, "invoices:write");

	@Autowired
	MockMvc mvc;

	@Autowired
	List<CreateInvoice> published;

	@Autowired
	ManualTime time;

	@BeforeEach
	void nothingPublishedYet() {
		this.published.clear();
	}

	@Test
	void answers429WithRetryAfterOverTheRateAndPublishesNothingThenAdmitsAgainOnceRefilled() throws Exception {
		perform(submit(CLINIC_1)).andExpect(status().isAccepted());
		perform(submit(CLINIC_1)).andExpect(status().isAccepted());

		perform(submit(CLINIC_1))
			.andExpect(status().isTooManyRequests())
			.andExpect(header().string(HttpHeaders.RETRY_AFTER, "1"))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://invoices.example/problems/rate-limited"))
			.andExpect(jsonPath("$.status").value(429))
			.andExpect(jsonPath("$.title").isString())
			.andExpect(jsonPath("$.detail").isString());
		assertThat(this.published).hasSize(2);

		this.time.advance(Duration.ofMillis(999));
		perform(submit(CLINIC_1)).andExpect(status().isTooManyRequests());
		this.time.advance(Duration.ofMillis(1));
		perform(submit(CLINIC_1)).andExpect(status().isAccepted());
		assertThat(this.published).hasSize(3);
	}

	@Test
	void limitsEachClinicOnItsOwn() throws Exception {
		String clinic3 = Tokens.forClinic(3, "invoices:write");
		perform(submit(clinic3)).andExpect(status().isAccepted());
		perform(submit(clinic3)).andExpect(status().isAccepted());
		perform(submit(clinic3)).andExpect(status().isTooManyRequests());

		perform(submit(Tokens.forClinic(4, "invoices:write"))).andExpect(status().isAccepted());
	}

	@Test
	void countsNoRequestThatFailsAuthentication() throws Exception {
		String clinic5 = Tokens.forClinic(5, "invoices:write");
		for (int i = 0; i < 3; i++) {
			perform(submit(Tokens.signedWith("another-secret-that-is-32-bytes-or-more", 5, "invoices:write")))
				.andExpect(status().isUnauthorized());
		}

		perform(submit(clinic5)).andExpect(status().isAccepted());
	}

	private ResultActions perform(RequestBuilder request) throws Exception {
		return this.mvc.perform(request);
	}

	private static MockHttpServletRequestBuilder submit(String token) {
		return post("/v1/invoices").contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.header(SubmitEndpoint.IDEMPOTENCY_KEY, UUID.randomUUID().toString())
			.content(BODY);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class MovableTime {

		@Bean
		ManualTime manualTime() {
			return new ManualTime();
		}

	}

}
