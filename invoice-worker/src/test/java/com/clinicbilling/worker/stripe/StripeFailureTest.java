package com.clinicbilling.worker.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.ApiException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StripeFailureTest {

	@Test
	void retriesWhatMaySucceedLater() {
		assertThat(retried(new ApiConnectionException("connection reset"))).isTrue();
		assertThat(retried(new RateLimitException("slow down", null, "req_1", "rate_limit", 429, null))).isTrue();
		assertThat(retried(new ApiException("oops", "req_1", null, 500, null))).isTrue();
		assertThat(retried(new ApiException("unavailable", "req_1", null, 503, null))).isTrue();
		assertThat(retried(new IdempotencyException("key in use", "req_1", "idempotency_key_in_use", 409)))
			.isTrue();
		assertThat(retried(new AuthenticationException("bad key", "req_1", null, 401))).as("our key, not the invoice")
			.isTrue();
	}

	@Test
	void rejectsWhatStripeRefusesForGoodWithItsCode() {
		StripeFailure failure = StripeFailure.of(new InvalidRequestException("Invalid integer: -1", "lines[0][amount]",
				"req_1", "parameter_invalid_integer", 400, null));

		assertThat(failure.isTransient()).isFalse();
		assertThat(failure.code()).isEqualTo("stripe_parameter_invalid_integer");
		assertThat(failure.message()).contains("Invalid integer: -1");
	}

	@Test
	void namesTheHttpStatusWhenStripeGivesNoCode() {
		StripeFailure failure = StripeFailure.of(new InvalidRequestException("No such customer", null, "req_1", null, 404,
				null));

		assertThat(failure.isTransient()).isFalse();
		assertThat(failure.code()).isEqualTo("stripe_http_404");
	}

	private static boolean retried(StripeException ex) {
		return StripeFailure.of(ex).isTransient();
	}

}
