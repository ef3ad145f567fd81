package com.clinicbilling.gateway.ratelimit;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import com.clinicbilling.gateway.security.ClinicPrincipal;
import com.clinicbilling.gateway.system.ProblemException;
import com.clinicbilling.gateway.system.ProblemWriter;
import com.clinicbilling.gateway.system.SubmitFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Refuses a submission with 429 when its clinic is over its rate. It runs after Spring Security has
 * authenticated the caller (the clinic comes from the token) and before the body is read, so a
 * refused request costs no reading or parsing, publishes nothing, and its connection is closed
 * without the rest of its body being read.
 */
final class SubmitRateLimit extends SubmitFilter {

	private static final Logger log = LoggerFactory.getLogger(SubmitRateLimit.class);

	private final ClinicRateLimits limits;

	private final ProblemWriter problems;

	SubmitRateLimit(ClinicRateLimits limits, ProblemWriter problems) {
		this.limits = limits;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt) {
			long clinicId = ClinicPrincipal.clinicId(jwt);
			Optional<Duration> wait = this.limits.take(clinicId);
			if (wait.isPresent()) {
				log.debug("Rate limited clinicId={} for {} ms", clinicId, wait.get().toMillis());
				this.problems.write(response, ProblemException.rateLimited(wait.get()));
				return;
			}
		}
		// Without a JWT principal security has refused the request already; there is no clinic to count.
		chain.doFilter(request, response);
	}

}
