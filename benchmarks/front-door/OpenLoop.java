import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Open-loop load for POST /v1/invoices (benchmarks/front-door.sh): request n is due at start + n/rate
 * whatever the answers, and its latency is counted from that moment, so a slow server cannot slow
 * the clock down (no coordinated omission). One thread, non-blocking sockets, HTTP/1.1 keep-alive: a
 * due request takes an idle connection or opens a new one (up to MAX_CONNECTIONS; beyond, it waits,
 * and the wait counts in its latency). Cheap on purpose: it shares the cores with what it measures,
 * and says what it cost (its own CPU per request, last line).
 *
 *   TOKENS=tokens.txt java OpenLoop.java URL RATE SECONDS
 *
 * Environment: TOKENS ("iat token" lines, tokens.py; unset: no Authorization, as for the seed's
 * route), MAX_CONNECTIONS (default 2000), DRAIN_SECONDS (wait for answers after the last request,
 * default 10), KEY_PREFIX. Each request has a fresh Idempotency-Key and a paid-externally invoice
 * with its own amount. Prints one line of key=value figures: latencies in ms, of the 2xx answers
 * ("accepted") and of the 503 overloaded answers ("shed") separately.
 */
public class OpenLoop {

	static final byte[] CRLF2 = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	final Selector selector;

	final InetSocketAddress address;

	final String head;

	final String prefix;

	final List<String[]> tokens;

	/** Amounts differ between runs too: the worker's duplicate rule (same patient and amount) spans runs. */
	final long salt = ThreadLocalRandom.current().nextLong(90_000_000L);

	final ArrayDeque<Connection> idle = new ArrayDeque<>();

	int open;

	long inFlight;

	long sent;

	long[] accepted;

	int acceptedCount;

	long[] shed;

	int shedCount;

	final TreeMap<String, Integer> others = new TreeMap<>();

	long errors;

	OpenLoop(URI url, List<String[]> tokens, int expected) throws IOException {
		this.selector = Selector.open();
		this.address = new InetSocketAddress(url.getHost(), url.getPort());
		this.head = "POST /v1/invoices HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
				+ "\r\nContent-Type: application/json\r\n";
		this.prefix = System.getenv().getOrDefault("KEY_PREFIX", "ol-" + Long.toString(System.currentTimeMillis(), 36)
				+ "-" + ThreadLocalRandom.current().nextInt(1_000_000) + "-");
		this.tokens = tokens;
		this.accepted = new long[expected];
		this.shed = new long[expected];
	}

	final class Connection {

		final SocketChannel channel;

		final SelectionKey key;

		ByteBuffer out;

		final ByteBuffer in = ByteBuffer.allocate(16 * 1024);

		long due = -1;

		boolean connected;

		Connection() throws IOException {
			this.channel = SocketChannel.open();
			this.channel.configureBlocking(false);
			this.channel.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
			this.connected = this.channel.connect(OpenLoop.this.address);
			this.key = this.channel.register(OpenLoop.this.selector,
					this.connected ? 0 : SelectionKey.OP_CONNECT, this);
		}

	}

	String token(long nowSeconds) {
		String best = null;
		long distance = Long.MAX_VALUE;
		for (String[] entry : this.tokens) {
			long d = Math.abs(Long.parseLong(entry[0]) - nowSeconds);
			if (d < distance) {
				distance = d;
				best = entry[1];
			}
		}
		return best;
	}

	String currentToken;

	long tokenSecond = -1;

	byte[] request(long n) {
		StringBuilder r = new StringBuilder(900).append(this.head);
		if (!this.tokens.isEmpty()) {
			long second = System.currentTimeMillis() / 1000;
			if (second != this.tokenSecond) {
				this.currentToken = token(second);
				this.tokenSecond = second;
			}
			r.append("Authorization: Bearer ").append(this.currentToken).append("\r\n");
		}
		String body = "{\"patientId\":" + (101 + n % 10) + ",\"currency\":\"usd\",\"lineItems\":[{\"description\":"
				+ "\"Consultation\",\"unitAmount\":" + (5000 + (this.salt + n) % 90_000_000L) + ",\"quantity\":1}],"
				+ "\"paidExternally\":{\"method\":\"CASH\",\"reference\":\"ol-" + n
				+ "\",\"paidAt\":\"2026-01-01T10:00:00Z\"}}";
		r.append("Idempotency-Key: ").append(this.prefix).append(n).append("\r\nContent-Length: ")
			.append(body.length()).append("\r\n\r\n").append(body);
		return r.toString().getBytes(StandardCharsets.US_ASCII);
	}

	void send(Connection c, long due, long n) throws IOException {
		c.due = due;
		c.out = ByteBuffer.wrap(request(n));
		c.in.clear();
		this.sent++;
		this.inFlight++;
		write(c);
	}

	void write(Connection c) throws IOException {
		c.channel.write(c.out);
		c.key.interestOps(c.out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
	}

	/** Reads what arrived; records the answer when it is whole. */
	void read(Connection c, long now) throws IOException {
		int n = c.channel.read(c.in);
		if (n < 0) {
			fail(c);
			return;
		}
		byte[] data = c.in.array();
		int length = c.in.position();
		int headEnd = indexOf(data, length, CRLF2);
		if (headEnd < 0) {
			return;
		}
		String headers = new String(data, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
		int bodyStart = headEnd + 4;
		boolean whole;
		int cl = headers.indexOf("\ncontent-length:");
		if (cl >= 0) {
			int end = headers.indexOf('\r', cl);
			int contentLength = Integer.parseInt(headers.substring(cl + 16, end < 0 ? headers.length() : end).trim());
			whole = length >= bodyStart + contentLength;
		}
		else if (headers.contains("\ntransfer-encoding: chunked")) {
			whole = length >= bodyStart + 5 && indexOf(data, length, "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
					length - 5) >= 0;
		}
		else {
			whole = true;
		}
		if (!whole) {
			if (!c.in.hasRemaining()) {
				fail(c);
			}
			return;
		}
		int status = Integer.parseInt(headers.substring(9, 12));
		long latency = now - c.due;
		this.inFlight--;
		if (status >= 200 && status < 300) {
			this.accepted[this.acceptedCount++] = latency;
		}
		else if (status == 503 && new String(data, bodyStart, length - bodyStart, StandardCharsets.ISO_8859_1)
			.contains("overloaded")) {
			this.shed[this.shedCount++] = latency;
		}
		else {
			this.others.merge(Integer.toString(status), 1, Integer::sum);
		}
		c.due = -1;
		if (headers.contains("\nconnection: close")) {
			close(c);
		}
		else {
			c.key.interestOps(0);
			this.idle.push(c);
		}
	}

	void fail(Connection c) {
		if (c.due >= 0) {
			this.inFlight--;
			this.errors++;
		}
		close(c);
	}

	void close(Connection c) {
		c.key.cancel();
		try {
			c.channel.close();
		}
		catch (IOException ignored) {
			// closing anyway
		}
		this.open--;
	}

	static int indexOf(byte[] data, int length, byte[] what) {
		return indexOf(data, length, what, 0);
	}

	static int indexOf(byte[] data, int length, byte[] what, int from) {
		outer: for (int i = Math.max(0, from); i <= length - what.length; i++) {
			for (int j = 0; j < what.length; j++) {
				if (data[i + j] != what[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	void run(double rate, double seconds, double drainSeconds, int maxConnections) throws IOException {
		long cpuBefore = cpuNanos();
		long total = (long) (rate * seconds);
		double interval = 1e9 / rate;
		long start = System.nanoTime() + 50_000_000L;
		long last = start + (long) (seconds * 1e9);
		long deadline = last + (long) (drainSeconds * 1e9);
		long next = 0;
		ArrayDeque<long[]> backlog = new ArrayDeque<>();
		while (true) {
			long now = System.nanoTime();
			while (next < total && start + (long) (next * interval) <= now) {
				backlog.add(new long[] { start + (long) (next * interval), next });
				next++;
			}
			while (!backlog.isEmpty()) {
				Connection c = this.idle.poll();
				if (c == null) {
					if (this.open >= maxConnections) {
						break;
					}
					this.open++;
					this.peakOpen = Math.max(this.peakOpen, this.open);
					c = new Connection();
					if (!c.connected) {
						long[] due = backlog.poll();
						c.due = due[0];
						c.out = ByteBuffer.wrap(request(due[1]));
						this.sent++;
						this.inFlight++;
						continue;
					}
				}
				long[] due = backlog.poll();
				try {
					send(c, due[0], due[1]);
				}
				catch (IOException ex) {
					fail(c);
				}
			}
			if (next >= total && backlog.isEmpty() && this.inFlight == 0 || now > deadline) {
				break;
			}
			long waitNanos = next < total ? start + (long) (next * interval) - now : 10_000_000L;
			if (waitNanos <= 0) {
				this.selector.selectNow();
			}
			else {
				this.selector.select(Math.max(1, waitNanos / 1_000_000));
			}
			now = System.nanoTime();
			Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
			while (keys.hasNext()) {
				SelectionKey key = keys.next();
				keys.remove();
				Connection c = (Connection) key.attachment();
				try {
					if (!key.isValid()) {
						continue;
					}
					if (key.isConnectable()) {
						c.channel.finishConnect();
						c.connected = true;
						write(c);
					}
					else if (key.isWritable()) {
						write(c);
					}
					else if (key.isReadable()) {
						read(c, now);
					}
				}
				catch (IOException ex) {
					fail(c);
				}
			}
		}
		long unanswered = this.inFlight + backlog.size() + (total - next);
		long cpuNanos = cpuNanos() - cpuBefore;
		System.out.printf(Locale.ROOT,
				"offered_per_s=%.0f planned=%d sent=%d accepted=%d shed=%d other=%s errors=%d unanswered=%d"
						+ " accepted_per_s=%.1f shed_fraction=%.4f %s %s max_connections_used=%s generator_cpu_ms_per_request=%.4f%n",
				rate, total, this.sent, this.acceptedCount, this.shedCount, this.others, this.errors, unanswered,
				this.acceptedCount / seconds, this.sent == 0 ? 0.0 : (double) this.shedCount / this.sent,
				percentiles("accept", this.accepted, this.acceptedCount), percentiles("shed", this.shed, this.shedCount),
				this.peakOpen, cpuNanos / 1e6 / Math.max(1, this.sent));
	}

	int peakOpen;

	/** This JVM's CPU time: the generator's cost (its start-up and compiling of this file left out). */
	static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	static String percentiles(String name, long[] values, int count) {
		if (count == 0) {
			return name + "_p50_ms=- " + name + "_p99_ms=- " + name + "_p999_ms=- " + name + "_max_ms=-";
		}
		long[] sorted = Arrays.copyOf(values, count);
		Arrays.sort(sorted);
		return String.format(Locale.ROOT, "%1$s_p50_ms=%2$.2f %1$s_p99_ms=%3$.2f %1$s_p999_ms=%4$.2f %1$s_max_ms=%5$.2f",
				name, at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999), sorted[count - 1] / 1e6);
	}

	static double at(long[] sorted, double q) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
	}

	public static void main(String[] args) throws Exception {
		if (args.length < 3) {
			System.err.println("usage: TOKENS=tokens.txt java OpenLoop.java URL RATE SECONDS");
			System.exit(2);
		}
		URI url = URI.create(args[0]);
		double rate = Double.parseDouble(args[1]);
		double seconds = Double.parseDouble(args[2]);
		String tokensFile = System.getenv("TOKENS");
		List<String[]> tokens = (tokensFile == null || tokensFile.isBlank()) ? List.of()
				: Files.readAllLines(Path.of(tokensFile)).stream().filter((l) -> !l.isBlank()).map((l) -> l.trim().split(" "))
					.toList();
		OpenLoop loop = new OpenLoop(url, tokens, (int) (rate * seconds) + 1);
		loop.run(rate, seconds, Double.parseDouble(System.getenv().getOrDefault("DRAIN_SECONDS", "10")),
				Integer.parseInt(System.getenv().getOrDefault("MAX_CONNECTIONS", "2000")));
	}

}
