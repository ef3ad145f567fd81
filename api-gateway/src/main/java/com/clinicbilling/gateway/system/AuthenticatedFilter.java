package com.clinicbilling.gateway.system;

import jakarta.servlet.Filter;

import org.springframework.core.Ordered;

/**
 * A filter that must run once the caller is authenticated and authorized: the security configuration
 * adds every such bean to its filter chain, by order, after Spring Security's authorization. Inside the chain the order holds wherever the chain runs (a
 * servlet container, MockMvc), and a refused request never reaches a filter that reads its body.
 */
public record AuthenticatedFilter(int order, Filter filter) implements Ordered {

	/** The per-clinic submission rate limit: refuses before anything is read. */
	public static final int RATE_LIMIT = 10;

	/** {@link BodyReader}: reads the body of a request nothing refused. */
	public static final int BODY_READER = 20;

	/** The submit endpoint: answers {@code POST /v1/invoices} with the body read; nothing follows it. */
	public static final int SUBMIT = 30;

	@Override
	public int getOrder() {
		return this.order;
	}

}
