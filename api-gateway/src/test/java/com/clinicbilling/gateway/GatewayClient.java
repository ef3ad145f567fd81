package com.clinicbilling.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;

import org.springframework.context.ConfigurableApplicationContext;

/** A running gateway, started as the local stack starts it, and a plain HTTP client for it. */
public final class GatewayClient implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private GatewayClient(ConfigurableApplicationContext context) {
		this.context = context;
		this.base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
	}

	/** Starts a gateway on a free port against the given broker, with extra {@code --name=value} arguments. */
	public static GatewayClient start(String bootstrapServers, String... arguments) {
		List<String> args = new ArrayList<>(List.of("--server.port=0",
				"--spring.kafka.bootstrap-servers=" + bootstrapServers, "--" + Tokens.SECRET_PROPERTY));
		args.addAll(List.of(arguments));
		return new GatewayClient(GatewayApplication.builder().run(args.toArray(String[]::new)));
	}

	/** {@link #start}, then waits until it is ready: Kafka reachable and its status feed caught up. */
	public static GatewayClient startReady(String bootstrapServers, String... arguments) {
		GatewayClient gateway = start(bootstrapServers, arguments);
		gateway.awaitReady();
		return gateway;
	}

	/** Generous: the first Kafka round trips of a gateway are slow on a machine shared with other builds. */
	public void awaitReady() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(60))
			.until(() -> get(null, "/actuator/health/readiness").statusCode() == 200);
	}

	public int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	public <T> T bean(String name, Class<T> type) {
		return this.context.getBean(name, type);
	}

	public HttpResponse<String> submit(String token, String idempotencyKey, String body) {
		HttpRequest.Builder request = request("/v1/invoices", token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return send(request, body);
	}

	/** A submit whose body is streamed with chunked encoding, so no length is declared up front. */
	public HttpResponse<String> submitChunked(String token, String idempotencyKey, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return send(request("/v1/invoices", token).header("Content-Type", "application/json")
			.header("Idempotency-Key", idempotencyKey)
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))), body);
	}

	public HttpResponse<String> post(String token, String path, String json) {
		return send(request(path, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)), json);
	}

	public HttpResponse<String> get(String token, String path) {
		return send(request(path, token).GET(), null);
	}

	/** {@code GET /actuator/prometheus} with the scrape credential (HTTP Basic). */
	public HttpResponse<String> scrape(String user, String password) {
		return getWithScrapeCredential("/actuator/prometheus", user, password);
	}

	/** {@code GET path} with the scrape credential (HTTP Basic). */
	public HttpResponse<String> getWithScrapeCredential(String path, String user, String password) {
		String basic = java.util.Base64.getEncoder()
			.encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
		return send(request(path, null).header("Authorization", "Basic " + basic).GET(), null);
	}

	/** Opens an event stream; its lines arrive as the server writes them. */
	public EventStream events(String token, String path) {
		return events(token, path, null);
	}

	/** Opens an event stream as a reconnecting EventSource does, after the event {@code lastEventId}. */
	public EventStream events(String token, String path, String lastEventId) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Accept", "text/event-stream")
			.header("Authorization", "Bearer " + token)
			.GET();
		if (lastEventId != null) {
			request.header("Last-Event-ID", lastEventId);
		}
		return EventStream.open(this.http, request.build());
	}

	/**
	 * Any request, e.g. a browser's CORS preflight; headers as name, value pairs. Not checked against
	 * the API description, which describes the API's operations, not the browser's preflights.
	 */
	public HttpResponse<String> exchange(String method, String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(20))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (headers.length > 0) {
			request.headers(headers);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(20));
		return (token != null) ? request.header("Authorization", "Bearer " + token) : request;
	}

	/** Sends and checks the exchange against the API description ({@link ApiContract}). */
	private HttpResponse<String> send(HttpRequest.Builder builder, String body) {
		try {
			HttpRequest request = builder.build();
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			ApiContract.check(request.method(), request.uri(), request.headers().map(), body, response.statusCode(),
					response.headers().map(), response.body());
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
