package com.clinicbilling.gateway.submit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.clinicbilling.schemas.CreateInvoice;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.ResultActions;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;

/**
 * For the submit tests without Kafka: the publisher is the only bean replaced, and whatever it
 * captures in the {@code List<CreateInvoice>} bean was "published".
 */
@TestConfiguration(proxyBeanMethods = false)
class CapturedCommands {

	@Bean
	List<CreateInvoice> published() {
		return new CopyOnWriteArrayList<>();
	}

	@Bean
	CommandPublisher capturingPublisher(List<CreateInvoice> published) {
		return (command) -> {
			published.add(command);
			return CompletableFuture.completedFuture(null);
		};
	}

	/** Performs the request and, when the controller answered asynchronously, the dispatch of its answer. */
	static ResultActions perform(MockMvc mvc, RequestBuilder request) throws Exception {
		ResultActions actions = mvc.perform(request);
		MvcResult result = actions.andReturn();
		return result.getRequest().isAsyncStarted() ? mvc.perform(asyncDispatch(result)) : actions;
	}

}
