package com.clinicbilling.benchmarks.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.clinicbilling.schemas.RequestStatus;

/**
 * What the benchmark reads from the gateway besides its measurements: whether it knows a request
 * yet, and its JVM's threads, heap and open streams from {@code /actuator/prometheus}. The local
 * stack runs Kafka, PostgreSQL, the worker and the gateway in one JVM: the numbers are that JVM's.
 */
final class GatewayProbe {

	private final HttpClient http;

	private final URI gateway;

	private final String token;

	private final String stackPid;

	private final String metricsPassword;

	GatewayProbe(HttpClient http, URI gateway, String token, String metricsPassword, String stackPid) {
		this.metricsPassword = metricsPassword;
		this.http = http;
		this.gateway = gateway;
		this.token = token;
		this.stackPid = stackPid;
	}

	/** A moment of the stack's JVM; heap after a full GC when the stack's pid is known. */
	record Snapshot(double threads, double heapMiB, double openStreams, boolean heapAfterGc) {
	}

	/** Waits until the gateway's status store holds every request (read from the status topic). */
	void awaitKnown(List<RequestStatus> statuses, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (RequestStatus status : statuses) {
			HttpRequest request = HttpRequest
				.newBuilder(this.gateway.resolve("/v1/invoice-requests/" + status.getRequestId()))
				.header("Authorization", "Bearer " + this.token)
				.build();
			while (this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The gateway did not learn of " + status.getRequestId());
				}
				TimeUnit.MILLISECONDS.sleep(20);
			}
		}
	}

	Snapshot snapshot() throws Exception {
		boolean gc = false;
		if (this.stackPid != null) {
			Process jcmd = new ProcessBuilder("jcmd", this.stackPid, "GC.run").redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			gc = jcmd.waitFor(60, TimeUnit.SECONDS) && jcmd.exitValue() == 0;
		}
		HttpRequest.Builder scrape = HttpRequest.newBuilder(this.gateway.resolve("/actuator/prometheus"));
		if (this.metricsPassword != null) {
			// The gateway's scrape credential (HTTP Basic), not a user token.
			scrape.header("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString(("prometheus:" + this.metricsPassword).getBytes(StandardCharsets.UTF_8)));
		}
		String metrics = this.http.send(scrape.build(), HttpResponse.BodyHandlers.ofString()).body();
		return new Snapshot(sum(metrics, "jvm_threads_live_threads", null),
				sum(metrics, "jvm_memory_used_bytes", "area=\"heap\"") / (1024 * 1024),
				sum(metrics, "invoice_gateway_push_streams", null), gc);
	}

	/** CPU seconds the stack's process has used so far (user and system), or NaN when its pid is unknown. */
	double stackCpuSeconds() {
		if (this.stackPid == null) {
			return Double.NaN;
		}
		try {
			String stat = Files.readString(Path.of("/proc", this.stackPid, "stat"));
			// Fields after the command name, which is in parentheses and may hold spaces.
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
		}
		catch (IOException ex) {
			return Double.NaN;
		}
	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "unknown";
		}
	}

	private static double sum(String metrics, String name, String label) {
		return metrics.lines()
			.filter((line) -> line.startsWith(name + "{") || line.startsWith(name + " "))
			.filter((line) -> label == null || line.contains(label))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
