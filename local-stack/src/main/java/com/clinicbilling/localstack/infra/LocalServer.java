package com.clinicbilling.localstack.infra;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A server of the local stack that keeps its data in a folder only it may use in this JVM
 * ({@link LockFiles}): claimed before it starts, given back if the start fails or once it is closed.
 */
abstract class LocalServer implements AutoCloseable {

	protected final Path dataDir;

	/** Where clients reach the server: Kafka's bootstrap servers, PostgreSQL's JDBC URL. */
	protected final String address;

	private final AtomicBoolean closed = new AtomicBoolean();

	protected LocalServer(Path dataDir, String address) {
		this.dataDir = dataDir;
		this.address = address;
	}

	/** Starts a server with its data in the absolute, normalized {@code dataDir}, claimed for it. */
	static <S extends LocalServer> S claimFor(String what, Path dataDir, Function<Path, S> start) {
		Path dir = dataDir.toAbsolutePath().normalize();
		LockFiles.claim(dir, what);
		try {
			return start.apply(dir);
		}
		catch (RuntimeException ex) {
			LockFiles.release(dir);
			throw ex;
		}
	}

	/** Stops the server once, then gives its folder back. */
	@Override
	public final void close() {
		if (this.closed.getAndSet(true)) {
			return;
		}
		try {
			stop();
		}
		finally {
			LockFiles.release(this.dataDir);
		}
	}

	/** Stops the server and waits for it. */
	protected abstract void stop();

}
