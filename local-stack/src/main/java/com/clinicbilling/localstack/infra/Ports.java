package com.clinicbilling.localstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Loopback port checks shared by the local infrastructure. */
final class Ports {

	private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

	private Ports() {
	}

	/** A port that is free on 127.0.0.1 right now. */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on the loopback interface", ex);
		}
	}

	static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			// Like the servers themselves, so a port with sockets in TIME_WAIT counts as free.
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(LOOPBACK, port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static boolean awaitFree(int port, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!isFree(port)) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			sleep(100);
		}
		return true;
	}

	/** Fails early with a clear message; servers failing to bind say much less. */
	static void requireFree(int port, String what) {
		if (!isFree(port)) {
			throw new IllegalStateException(what + " port " + port + " on 127.0.0.1 is already in use by another process");
		}
	}

	static void sleep(long millis) {
		try {
			TimeUnit.MILLISECONDS.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting", ex);
		}
	}

}
