package com.clinicbilling.localstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import kafka.server.Server;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running in this JVM, keeping its
 * log in a folder of its own so topics and records survive a restart, also after a SIGKILL.
 */
public final class LocalKafka extends LocalServer {

	private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);

	private static final int NODE_ID = 1;

	private static final String CONTROLLER_LISTENER = "CONTROLLER";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private final Server server;

	private LocalKafka(Server server, String bootstrapServers, Path dataDir) {
		super(dataDir, bootstrapServers);
		this.server = server;
	}

	/**
	 * Starts the broker on 127.0.0.1:{@code port} with its log in {@code dataDir}, formatting the folder on
	 * the first start only, and returns once an admin client can describe the cluster.
	 */
	public static LocalKafka start(Path dataDir, int port) {
		long started = System.nanoTime();
		LocalKafka kafka = claimFor("Kafka", dataDir, (dir) -> startBroker(dir, port));
		log.info("Kafka broker ready on {} in {} ms (data in {})", kafka.address,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), kafka.dataDir);
		return kafka;
	}

	private static LocalKafka startBroker(Path dir, int port) {
		Ports.requireFree(port, "Kafka");
		// Kafka reads (and may recover) the metadata log before it takes its own lock: check first.
		if (LockFiles.isHeld(dir.resolve(".lock"))) {
			throw new IllegalStateException("The Kafka data folder " + dir + " is in use by another running broker");
		}
		createDirectories(dir);
		// With static voters the controller address comes from the config on every start and is not kept
		// in the metadata log, so a fresh port each time is safe and never collides with a stale one.
		int controllerPort = Ports.freePort();
		Map<String, String> settings = settings(dir, port, controllerPort);
		log.info("Starting Kafka broker on 127.0.0.1:{} (controller on port {}, data in {})", port, controllerPort, dir);
		// meta.properties is written last by the formatter: without it the folder was never (fully) formatted.
		if (!Files.exists(dir.resolve("meta.properties"))) {
			format(settings, dir);
		}
		Server server = KraftServers.create(settings);
		String bootstrapServers = "127.0.0.1:" + port;
		LocalKafka kafka = new LocalKafka(server, bootstrapServers, dir);
		try {
			server.startup();
			awaitReady(bootstrapServers);
		}
		catch (RuntimeException ex) {
			kafka.stop();
			throw ex;
		}
		return kafka;
	}

	public String bootstrapServers() {
		return this.address;
	}

	/** Shuts the broker down cleanly and waits for it, so the next start needs no log recovery. */
	@Override
	protected void stop() {
		long started = System.nanoTime();
		this.server.shutdown();
		this.server.awaitShutdown();
		log.info("Kafka broker on {} stopped in {} ms", this.address,
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
	}

	private static Map<String, String> settings(Path dir, int port, int controllerPort) {
		// Strings, as in server.properties: typed values must match each key's type exactly (short, int, ...).
		Map<String, String> settings = new HashMap<>();
		settings.put("process.roles", "broker,controller");
		settings.put("node.id", String.valueOf(NODE_ID));
		settings.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
		settings.put("controller.listener.names", CONTROLLER_LISTENER);
		settings.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
		settings.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
		settings.put("inter.broker.listener.name", "PLAINTEXT");
		settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
		settings.put("log.dirs", dir.toString());
		settings.put("num.partitions", "6");
		// One node: internal topics cannot have more replicas than that.
		settings.put("offsets.topic.replication.factor", "1");
		settings.put("transaction.state.log.replication.factor", "1");
		settings.put("transaction.state.log.min.isr", "1");
		// The defaults (50 partitions each) make the first consumer group and the first transaction
		// wait seconds on one node while the internal topics are created.
		settings.put("offsets.topic.num.partitions", "6");
		settings.put("transaction.state.log.num.partitions", "6");
		settings.put("share.coordinator.state.topic.replication.factor", "1");
		settings.put("share.coordinator.state.topic.min.isr", "1");
		settings.put("group.initial.rebalance.delay.ms", "0");
		// After a SIGKILL the old broker registration blocks the new one until its session expires
		// (default 9 s); a short session makes the restart wait about 3 s instead.
		settings.put("broker.heartbeat.interval.ms", "500");
		settings.put("broker.session.timeout.ms", "3000");
		return settings;
	}

	private static void format(Map<String, String> settings, Path dir) {
		String clusterId = Uuid.randomUuid().toString();
		String output = KraftServers.format(settings, clusterId);
		log.info("Formatted Kafka storage in {} for new cluster {}: {}", dir, clusterId, output);
	}

	private static void awaitReady(String bootstrapServers) {
		Map<String, Object> adminSettings = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		Exception lastFailure = null;
		try (Admin admin = Admin.create(adminSettings)) {
			while (System.nanoTime() < deadline) {
				try {
					if (!admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).nodes().get().isEmpty()) {
						return;
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("Interrupted while waiting for the Kafka broker", ex);
				}
				catch (Exception ex) {
					lastFailure = ex;
				}
				Ports.sleep(200);
			}
		}
		throw new IllegalStateException("Kafka broker on " + bootstrapServers + " did not answer describeCluster within "
				+ READY_TIMEOUT.toSeconds() + " s", lastFailure);
	}

	private static void createDirectories(Path dir) {
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the Kafka data folder " + dir, ex);
		}
	}

}
