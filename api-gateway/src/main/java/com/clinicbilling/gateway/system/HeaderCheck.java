package com.clinicbilling.gateway.system;

import java.io.IOException;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * 400 naming the header for a header the gateway cannot take as text, before anything reads it.
 * Tomcat decodes header bytes as ISO-8859-1, so a byte such as 0x85 arrives as a control character;
 * Spring Security's firewall then refuses it only when a controller reads the header, which surfaced
 * as a 500. Checked here, once, for every header: no control characters (tab aside) anywhere, and
 * printable ASCII only in the headers whose value becomes part of a command or a signature check.
 */
final class HeaderCheck extends OncePerRequestFilter {

	/** Headers whose value must be printable ASCII: an idempotency key and a Stripe signature are. */
	static final Set<String> ASCII_ONLY = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

	static {
		ASCII_ONLY.addAll(Set.of("Idempotency-Key", "Stripe-Signature"));
	}

	private final ProblemWriter problems;

	HeaderCheck(ProblemWriter problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
			String name = names.nextElement();
			String problem = !readable(name) ? "the header name has characters outside printable ASCII" : null;
			for (Enumeration<String> values = request.getHeaders(name); problem == null && values.hasMoreElements();) {
				problem = problem(name, values.nextElement());
			}
			if (problem != null) {
				this.problems.write(response, ProblemException.invalidHeader(printable(name), problem));
				return;
			}
		}
		chain.doFilter(request, response);
	}

	private static String problem(String name, String value) {
		if (ASCII_ONLY.contains(name)) {
			return value.chars().allMatch((c) -> c >= 0x20 && c <= 0x7e) ? null
					: "must be printable ASCII (bytes 0x20 to 0x7E)";
		}
		return value.chars().allMatch((c) -> c == '\t' || !Character.isISOControl(c)) ? null
				: "has a control character the gateway cannot decode";
	}

	private static boolean readable(String name) {
		return name.chars().allMatch((c) -> c > 0x20 && c <= 0x7e);
	}

	/** The name as the client sent it, minus anything that would itself be unreadable in the answer. */
	private static String printable(String name) {
		return name.replaceAll("[^\\x21-\\x7e]", "?");
	}

}
