package com.clinicbilling.gateway.system;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a request body without holding a request thread, then hands the complete body on to the endpoint.
 * A client that sends its head and then trickles its body (a slow-body attack) otherwise holds one
 * of Tomcat's request threads for as long as it likes; enough of them and every request waits. Here
 * the body is read with a Servlet {@link ReadListener} (Servlet 3.1, any JDK): no thread waits for
 * bytes, the body must arrive within {@link BodyReadProperties#timeout()} and, after a grace time,
 * at {@link BodyReadProperties#minRate()}, and must not exceed the endpoint's size limit. Refusals
 * (408, 413) close the connection, so the rest of the body is never read.
 *
 * <p>Runs in the security filter chain after authorization ({@link AuthenticatedFilter}): a request
 * without a valid token, or refused by the rate limit, is answered before any of its body is read.
 * A body that came whole with the head (most small ones) goes on in the same dispatch. Otherwise,
 * once the body is complete, the request is dispatched again (an ASYNC dispatch) with the body from
 * memory and the caller's authentication of the first dispatch (the security configuration lets
 * ASYNC dispatches through: they continue a request it has authorized).
 */
public final class BodyReader extends OncePerRequestFilter {

	private static final Logger log = LoggerFactory.getLogger(BodyReader.class);

	private static final String BODY = BodyReader.class.getName() + ".body";

	private static final String AUTHENTICATION = BodyReader.class.getName() + ".authentication";

	private final String path;

	private final BodyReadProperties properties;

	private final long maxBytes;

	private final ProblemWriter problems;

	/** Reads the body of {@code POST path}, at most {@code maxBytes}. */
	public BodyReader(String path, long maxBytes, BodyReadProperties properties, ProblemWriter problems) {
		this.path = path;
		this.properties = properties;
		this.maxBytes = maxBytes;
		this.problems = problems;
	}

	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !("POST".equals(request.getMethod()) && this.path.equals(request.getRequestURI()));
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getDispatcherType() == DispatcherType.ASYNC) {
			byte[] body = (byte[]) request.getAttribute(BODY);
			Authentication authentication = (Authentication) request.getAttribute(AUTHENTICATION);
			if (authentication != null) {
				// The caller authorized on the first dispatch; the controller reads it from here.
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(authentication);
				SecurityContextHolder.setContext(context);
			}
			chain.doFilter((body != null) ? new BufferedBody(request, body) : request, response);
			return;
		}
		long declared = request.getContentLengthLong();
		if (declared > this.maxBytes) {
			this.problems.write(response, ProblemException.payloadTooLarge(this.maxBytes));
			return;
		}
		ServletInputStream in = request.getInputStream();
		if (!nonBlocking(in)) {
			// Not a real connector (MockMvc): read as any filter would, with the same size limit.
			byte[] body = readBlocking(in);
			if (body == null) {
				this.problems.write(response, ProblemException.payloadTooLarge(this.maxBytes));
				return;
			}
			chain.doFilter(new BufferedBody(request, body), response);
			return;
		}
		byte[] arrived = readArrived(in, declared);
		if (arrived.length == declared) {
			// The whole body came with the head (as almost every small body does): no thread can wait for
			// it, so it goes on in this dispatch, sparing a second trip through every filter.
			chain.doFilter(new BufferedBody(request, arrived), response);
			return;
		}
		// The container's own request and response: the ASYNC dispatch then starts afresh, through
		// every filter, and a refusal writes to the real response.
		request.setAttribute(AUTHENTICATION, SecurityContextHolder.getContext().getAuthentication());
		AsyncContext async = request.startAsync();
		async.setTimeout(this.properties.timeout().toMillis());
		Reading reading = new Reading(async, in, (HttpServletResponse) async.getResponse(), (declared > 0) ? (int) declared : 1024);
		reading.body.write(arrived, 0, arrived.length);
		async.addListener(reading);
		in.setReadListener(reading);
	}

	/**
	 * What of a body of declared length has already arrived, read without waiting: a read only
	 * follows {@code available() > 0}, which Tomcat answers from the bytes it holds, and returns those.
	 * Nothing when the length is not declared (chunked): that body is read with a listener.
	 */
	private static byte[] readArrived(ServletInputStream in, long declared) throws IOException {
		if (declared <= 0) {
			return new byte[0];
		}
		byte[] body = new byte[(int) declared];
		int read = 0;
		while (read < body.length && in.available() > 0) {
			int n = in.read(body, read, body.length - read);
			if (n < 0) {
				break;
			}
			read += n;
		}
		return (read == body.length) ? body : Arrays.copyOf(body, read);
	}

	/**
	 * Whether the stream can be read with a listener. Tomcat's refuses a listener outside an
	 * asynchronous request ({@link IllegalStateException}); a mock stream cannot take one at all.
	 */
	private static boolean nonBlocking(ServletInputStream in) {
		try {
			in.setReadListener(null);
			return true;
		}
		catch (UnsupportedOperationException ex) {
			return false;
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	private byte[] readBlocking(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
			body.write(buffer, 0, n);
			if (body.size() > this.maxBytes) {
				return null;
			}
		}
		return body.toByteArray();
	}

	/** One body being read; all callbacks of one request run one at a time (Servlet spec). */
	private final class Reading implements ReadListener, AsyncListener {

		private final AsyncContext async;

		private final ServletInputStream in;

		private final HttpServletResponse response;

		private final ByteArrayOutputStream body;

		private final long startedAt = System.nanoTime();

		private final byte[] buffer = new byte[8192];

		private boolean done;

		Reading(AsyncContext async, ServletInputStream in, HttpServletResponse response, int expected) {
			this.async = async;
			this.in = in;
			this.response = response;
			this.body = new ByteArrayOutputStream(Math.min(expected, 64 * 1024));
		}

		@Override
		public void onDataAvailable() throws IOException {
			while (!this.done && this.in.isReady()) {
				int n = this.in.read(this.buffer);
				if (n < 0) {
					return;
				}
				this.body.write(this.buffer, 0, n);
				if (this.body.size() > BodyReader.this.maxBytes) {
					refuse(ProblemException.payloadTooLarge(BodyReader.this.maxBytes));
					return;
				}
			}
			if (!this.done && tooSlow()) {
				refuse(ProblemException.bodyTooSlow("The body arrived slower than "
						+ BodyReader.this.properties.minRate().toBytes() + " bytes per second"));
			}
		}

		private boolean tooSlow() {
			long minRate = BodyReader.this.properties.minRate().toBytes();
			double seconds = (System.nanoTime() - this.startedAt) / 1e9;
			return minRate > 0 && seconds > BodyReader.this.properties.graceTime().toMillis() / 1000.0
					&& this.body.size() < minRate * seconds;
		}

		@Override
		public void onAllDataRead() {
			if (this.done) {
				return;
			}
			this.done = true;
			this.async.getRequest().setAttribute(BODY, this.body.toByteArray());
			this.async.dispatch();
		}

		@Override
		public void onError(Throwable failure) {
			// The client went away or the connection broke: nobody is left to answer.
			log.debug("Reading a request body failed: {}", failure.toString());
			if (!this.done) {
				this.done = true;
				this.async.complete();
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) throws IOException {
			if (!this.done) {
				refuse(ProblemException.bodyTooSlow("The body did not arrive within "
						+ BodyReader.this.properties.timeout().toSeconds() + " s"));
			}
		}

		private void refuse(ProblemException problem) throws IOException {
			this.done = true;
			try {
				BodyReader.this.problems.write(this.response, problem);
			}
			finally {
				this.async.complete();
			}
		}

		@Override
		public void onComplete(AsyncEvent event) {
		}

		@Override
		public void onError(AsyncEvent event) {
			onError(event.getThrowable());
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
		}

	}

	/** The request as the controller sees it: the body from memory, its length known. */
	private static final class BufferedBody extends HttpServletRequestWrapper {

		private final byte[] body;

		BufferedBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body has been read already");
				}

			};
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
