package com.clinicbilling.gateway.submit;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;

import com.clinicbilling.gateway.system.ProblemException;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * 413 for a submit body over the limit. A declared {@code Content-Length} is refused before reading;
 * a chunked body is counted while the JSON parser reads it and refused when it passes the limit, so
 * no request makes the gateway buffer more than the limit.
 */
@ControllerAdvice(assignableTypes = SubmitController.class)
class BodySizeLimit extends RequestBodyAdviceAdapter {

	private final long maxBytes;

	BodySizeLimit(SubmitProperties properties) {
		this.maxBytes = properties.maxBodySize().toBytes();
	}

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
		if (input.getHeaders().getContentLength() > this.maxBytes) {
			throw ProblemException.payloadTooLarge(this.maxBytes);
		}
		InputStream limited = new Limited(input.getBody(), this.maxBytes);
		return new HttpInputMessage() {

			@Override
			public InputStream getBody() {
				return limited;
			}

			@Override
			public HttpHeaders getHeaders() {
				return input.getHeaders();
			}

		};
	}

	private static final class Limited extends FilterInputStream {

		private final long maxBytes;

		private long count;

		Limited(InputStream in, long maxBytes) {
			super(in);
			this.maxBytes = maxBytes;
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, (int) Math.min(length, this.maxBytes - this.count + 1));
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) {
			this.count += n;
			if (this.count > this.maxBytes) {
				throw ProblemException.payloadTooLarge(this.maxBytes);
			}
		}

	}

}
