package com.clinicbilling.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import com.clinicbilling.gateway.GatewayApplication;
import com.clinicbilling.localstack.infra.LocalKafka;
import com.clinicbilling.localstack.infra.LocalPostgres;
import com.clinicbilling.schemas.DevTokens;
import com.clinicbilling.worker.WorkerApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole system in one process: a real KRaft broker, a real PostgreSQL, the worker and the
 * gateway, with data kept in {@code INVOICE_LOCAL_DATA} across restarts. It only wires: each
 * application runs as it would on its own, with its settings pointed at the embedded parts.
 */
public final class LocalStack implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LocalStack.class);

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

	private final List<AutoCloseable> started = new ArrayList<>();

	private final String jwtSecret;

	private String metricsPassword;

	private int gatewayPort;

	private LocalStackSettings settings;

	private LocalPostgres postgres;

	private int workerPort;

	private LocalStack(String jwtSecret) {
		this.jwtSecret = jwtSecret;
	}

	public static void main(String[] args) throws InterruptedException {
		LocalStackSettings settings = LocalStackSettings.from(System.getenv());
		long start = System.nanoTime();
		LocalStack stack = start(settings);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			stack.close();
			stopped.countDown();
		}, "local-stack-shutdown"));
		logger.info("Local stack up in {} ms", Duration.ofNanos(System.nanoTime() - start).toMillis());
		stack.printWelcome();
		stopped.await();
	}

	/** Starts every part, in dependency order; what started is stopped again if a later part fails. */
	public static LocalStack start(LocalStackSettings settings) {
		LocalStack stack;
		String secret;
		try {
			Files.createDirectories(settings.dataDir());
			secret = (settings.jwtSecret() != null) ? settings.jwtSecret()
					: DevToken.secretIn(settings.dataDir().resolve("dev-jwt-secret"));
			stack = new LocalStack(secret);
			String metricsPassword = System.getenv("INVOICE_METRICS_PASSWORD");
			stack.metricsPassword = (metricsPassword != null && !metricsPassword.isBlank()) ? metricsPassword
					: DevToken.secretIn(settings.dataDir().resolve("dev-metrics-password"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot use the data folder " + settings.dataDir(), ex);
		}
		try {
			stack.settings = settings;
			String databaseUrl = settings.databaseUrl();
			if (databaseUrl == null) {
				stack.postgres = stack.add(startPostgres(settings));
				databaseUrl = stack.postgres.jdbcUrl();
			}
			LocalKafka kafka = stack.add(
					LocalKafka.start(settings.dataDir().resolve("kafka"), settings.kafkaPort()));
			ConfigurableApplicationContext worker = stack.add(WorkerApplication.builder()
				.run("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
						"--spring.datasource.url=" + databaseUrl, "--spring.datasource.username=invoice",
						"--spring.datasource.password=invoice", "--spring.liquibase.contexts=demo",
						"--server.address=127.0.0.1", "--server.port=" + settings.workerPort()));
			ConfigurableApplicationContext gateway = stack.add(GatewayApplication.builder()
				.run("--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
						"--server.address=127.0.0.1",
						"--server.port=" + settings.gatewayPort(), "--invoice.gateway.security.jwt-secret=" + secret,
						"--invoice.gateway.metrics.password=" + stack.metricsPassword,
						"--invoice.gateway.api-docs.page=true",
						// Kept with the rest of the data: a restart reads only the statuses it missed.
						"--invoice.gateway.status.directory=" + settings.dataDir().resolve("gateway-status")));
			stack.gatewayPort = Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port"));
			stack.workerPort = Integer.parseInt(worker.getEnvironment().getProperty("local.server.port"));
			GatewayReadiness.await(stack.gatewayPort, READY_TIMEOUT);
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw new IllegalStateException("The local stack could not start: " + ex.getMessage(), ex);
		}
	}

	/** Stops PostgreSQL under the running worker and gateway, as a database outage would; for tests. */
	void stopPostgres() {
		if (this.postgres == null) {
			throw new IllegalStateException("This stack uses INVOICE_LOCAL_DB_URL, not a PostgreSQL of its own");
		}
		this.postgres.close();
	}

	/** Starts PostgreSQL again, on the same port and data, after {@link #stopPostgres()}. */
	void startPostgres() {
		LocalPostgres restarted = startPostgres(this.settings);
		this.started.set(this.started.indexOf(this.postgres), restarted);
		this.postgres = restarted;
	}

	private static LocalPostgres startPostgres(LocalStackSettings settings) {
		return LocalPostgres.start(settings.dataDir().resolve("postgres"), settings.postgresPort(), "invoice", "invoice",
				"invoice");
	}

	public int gatewayPort() {
		return this.gatewayPort;
	}

	/** The worker's actuator (health, Prometheus). */
	public int workerPort() {
		return this.workerPort;
	}

	/** The gateway's scrape password (user {@code prometheus}), kept in the data folder like the JWT secret. */
	public String metricsPassword() {
		return this.metricsPassword;
	}

	public String token(long clinicId, String scopes) {
		return DevTokens.hs256(this.jwtSecret, "local-dev", clinicId, scopes, Duration.ofHours(12));
	}

	private <T extends AutoCloseable> T add(T part) {
		this.started.add(part);
		return part;
	}

	private void printWelcome() {
		String url = "http://127.0.0.1:" + this.gatewayPort;
		// Printing a token is the point of local mode: the secret is a development one.
		String token = token(1, DevToken.ALL_SCOPES);
		// The token rides in the fragment, which the browser never sends to a server.
		logger.info("Gateway: {}  (health: {}/actuator/health; API: {}/v3/api-docs, browsable at {}/api-docs/; metrics:"
				+ " {}/actuator/prometheus with user prometheus and the password in {}). A token for clinic 1, valid 12"
				+ " hours, scopes '{}':\n\n    export TOKEN={}\n\nConsole: {}/console/#token={}\n", url, url, url, url, url,
				this.settings.dataDir().resolve("dev-metrics-password"), DevToken.ALL_SCOPES, token, url, token);
	}

	/** Stops the applications first, then Kafka, then PostgreSQL, so nothing loses its peer mid-write. */
	@Override
	public void close() {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			try {
				this.started.get(i).close();
			}
			catch (Exception ex) {
				logger.warn("Stopping {} failed", this.started.get(i).getClass().getSimpleName(), ex);
			}
		}
		this.started.clear();
	}

}
