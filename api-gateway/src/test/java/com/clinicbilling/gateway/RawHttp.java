package com.clinicbilling.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 written byte by byte, for requests no well-behaved client sends. */
public final class RawHttp {

	private RawHttp() {
	}

	/** Opens a connection to the gateway and writes {@code head} (ISO-8859-1, so any byte can be sent). */
	public static Socket open(int port, String head) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
		socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
		socket.getOutputStream().flush();
		return socket;
	}

	/** Sends one request with {@code Connection: close} and answers the whole response as text. */
	public static String exchange(int port, String head, String body) throws IOException {
		try (Socket socket = open(port, head)) {
			socket.setSoTimeout(30_000);
			socket.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			in.transferTo(response);
			return response.toString(StandardCharsets.ISO_8859_1);
		}
	}

}
