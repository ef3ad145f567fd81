package com.clinicbilling.gateway.ratelimit;

import java.time.Duration;
import java.util.Optional;

import com.clinicbilling.gateway.security.ClinicPrincipal;
import com.clinicbilling.gateway.system.ProblemException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a submission with 429 when its clinic is over its rate. It runs after Spring Security has
 * authenticated the caller (the clinic comes from the token) and before the body is read, so a
 * refused request costs no parsing and publishes nothing.
 */
final class SubmitRateLimit implements HandlerInterceptor {

	private static final Logger log = LoggerFactory.getLogger(SubmitRateLimit.class);

	private final ClinicRateLimits limits;

	SubmitRateLimit(ClinicRateLimits limits) {
		this.limits = limits;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (!HttpMethod.POST.matches(request.getMethod())) {
			return true;
		}
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !(authentication.getPrincipal() instanceof Jwt jwt)) {
			// Security lets no unauthenticated submit through; there is no clinic to count here.
			return true;
		}
		long clinicId = ClinicPrincipal.clinicId(jwt);
		Optional<Duration> wait = this.limits.take(clinicId);
		if (wait.isPresent()) {
			log.debug("Rate limited clinicId={} for {} ms", clinicId, wait.get().toMillis());
			throw ProblemException.rateLimited(wait.get());
		}
		return true;
	}

}
