package com.clinicbilling.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Forwards a fixed local port to another address. Lets a test point a gateway at a bootstrap
 * address before any broker listens there (the embedded KRaft broker always picks its own port):
 * clients bootstrap through the forwarder, then reach the broker at the address it advertises.
 */
public final class TcpForwarder implements AutoCloseable {

	private final ServerSocket server;

	public TcpForwarder(int port, String targetHost, int targetPort) {
		try {
			this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		daemon("tcp-forwarder-accept", () -> accept(targetHost, targetPort));
	}

	/** A port free at the time of the call. */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void accept(String targetHost, int targetPort) {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket target = new Socket(targetHost, targetPort);
				pump(client, target);
				pump(target, client);
			}
			catch (IOException ex) {
				// Closed, or the target refused: the client sees a dropped connection and retries.
			}
		}
	}

	private static void pump(Socket from, Socket to) {
		daemon("tcp-forwarder-pump", () -> {
			try (from; to; InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// One side closed; closing both ends the other pump too.
			}
		});
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
