package com.clinicbilling.worker.stripe;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * True when a Stripe API key is set. {@code @ConditionalOnProperty} would not do: the key is
 * {@code ${STRIPE_API_KEY:}}, present and empty when the variable is unset.
 */
class StripeConfigured implements Condition {

	static final String API_KEY = "invoice.worker.stripe.api-key";

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return StringUtils.hasText(context.getEnvironment().getProperty(API_KEY));
	}

}
