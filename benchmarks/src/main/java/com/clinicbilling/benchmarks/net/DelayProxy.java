package com.clinicbilling.benchmarks.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on 127.0.0.1 that delivers every chunk of bytes a fixed delay after it arrived, in
 * each direction: a network with latency but no bandwidth limit, so a protocol that waits for
 * each answer (one statement at a time) pays the delay per round trip, and one that sends a batch
 * pays it once. Per connection, a reader and a writer thread per direction.
 */
public final class DelayProxy implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DelayProxy.class);

	private static final byte[] END = new byte[0];

	private final ServerSocket server;

	private final String upstreamHost;

	private final int upstreamPort;

	private final long delayNanos;

	private final int maxConnections;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Thread acceptor;

	private DelayProxy(ServerSocket server, String upstreamHost, int upstreamPort, Duration delay, int maxConnections) {
		this.server = server;
		this.upstreamHost = upstreamHost;
		this.upstreamPort = upstreamPort;
		this.delayNanos = delay.toNanos();
		this.maxConnections = maxConnections;
		this.acceptor = new Thread(this::accept, "delay-proxy-accept-" + server.getLocalPort());
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	/** Listens on an ephemeral port of 127.0.0.1; each way adds {@code delay}. */
	public static DelayProxy start(String upstreamHost, int upstreamPort, Duration delay, int maxConnections)
			throws IOException {
		ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		logger.info("Delay proxy 127.0.0.1:{} -> {}:{}, {} µs each way", server.getLocalPort(), upstreamHost,
				upstreamPort, delay.toNanos() / 1000);
		return new DelayProxy(server, upstreamHost, upstreamPort, delay, maxConnections);
	}

	public int port() {
		return this.server.getLocalPort();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				if (this.sockets.size() / 2 >= this.maxConnections) {
					logger.warn("Delay proxy: more than {} connections, refusing one", this.maxConnections);
					client.close();
					continue;
				}
				Socket upstream = new Socket(this.upstreamHost, this.upstreamPort);
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(upstream);
				pipe(client, upstream, "up");
				pipe(upstream, client, "down");
			}
			catch (IOException ex) {
				if (!this.server.isClosed()) {
					logger.warn("Delay proxy could not accept or connect: {}", ex.getMessage());
				}
			}
		}
	}

	private record Chunk(long dueNanos, byte[] bytes) {
	}

	private void pipe(Socket from, Socket to, String direction) {
		BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> read(from, queue), "delay-proxy-read-" + direction);
		Thread writer = new Thread(() -> write(queue, to), "delay-proxy-write-" + direction);
		reader.setDaemon(true);
		writer.setDaemon(true);
		reader.start();
		writer.start();
	}

	private void read(Socket from, BlockingQueue<Chunk> queue) {
		byte[] buffer = new byte[64 * 1024];
		try (InputStream in = from.getInputStream()) {
			for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
				queue.add(new Chunk(System.nanoTime() + this.delayNanos, Arrays.copyOf(buffer, n)));
			}
		}
		catch (IOException ex) {
			// The other side closed, or the proxy did.
		}
		this.sockets.remove(from);
		queue.add(new Chunk(System.nanoTime(), END));
	}

	private void write(BlockingQueue<Chunk> queue, Socket to) {
		try {
			OutputStream out = to.getOutputStream();
			while (true) {
				Chunk chunk = queue.take();
				if (chunk.bytes() == END) {
					to.shutdownOutput();
					return;
				}
				for (long wait = chunk.dueNanos() - System.nanoTime(); wait > 0; wait = chunk.dueNanos() - System.nanoTime()) {
					LockSupport.parkNanos(wait);
				}
				out.write(chunk.bytes());
				out.flush();
			}
		}
		catch (SocketException ex) {
			// Closed while writing.
		}
		catch (IOException ex) {
			logger.debug("Delay proxy write failed: {}", ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Socket socket : this.sockets) {
			socket.close();
		}
	}

}
