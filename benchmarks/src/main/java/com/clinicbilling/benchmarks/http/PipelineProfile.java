package com.clinicbilling.benchmarks.http;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.clinicbilling.benchmarks.profile.JfrSummary;
import com.clinicbilling.benchmarks.profile.ProcessTicks;

/**
 * Where the time of one pipeline scenario goes: CPU per process on the machine (load generator,
 * local stack, PostgreSQL, the rest) from /proc, and a flight recording of the local stack started
 * and stopped with {@code jcmd}, summarised for the gateway's request and publisher threads (what
 * they run, and what they wait for) within the scenario's window only. Starting a recording in a
 * running JVM makes its JIT compile again for a while: the caller runs unmeasured requests between
 * {@link #start} and {@link #beginWindow}.
 */
final class PipelineProfile {

	private static final String RECORDING = "bench-profile";

	/** Tomcat's request threads and the group-commit publisher's threads. */
	private static final Pattern GATEWAY_THREADS = Pattern.compile("http-nio-.*-exec-\\d+|command-publisher-\\d+");

	private final long stackPid;

	private final long postmasterPid;

	private final Path recording;

	private long[] machine;

	private long generator;

	private long stack;

	private long postgres;

	private long started;

	private Instant from;

	private PipelineProfile(long stackPid, long postmasterPid, Path recording) {
		this.stackPid = stackPid;
		this.postmasterPid = postmasterPid;
		this.recording = recording;
	}

	static PipelineProfile start(long stackPid, long postmasterPid, Path settings, Path recording)
			throws IOException, InterruptedException {
		jcmd(stackPid, "JFR.start", "name=" + RECORDING, "settings=" + settings, "filename=" + recording);
		return new PipelineProfile(stackPid, postmasterPid, recording);
	}

	/** From here on the scenario counts: CPU and recorded events. */
	void beginWindow() {
		this.from = Instant.now();
		this.started = System.nanoTime();
		this.machine = ProcessTicks.machine();
		this.generator = ProcessTicks.process(ProcessHandle.current().pid());
		this.stack = ProcessTicks.process(this.stackPid);
		this.postgres = ProcessTicks.processAndChildren(this.postmasterPid);
	}

	/** Ends the window, stops the recording and answers the profile as text. */
	String stop() throws IOException, InterruptedException {
		Instant to = Instant.now();
		long[] machineEnd = ProcessTicks.machine();
		double seconds = (System.nanoTime() - this.started) / 1e9;
		double generatorCores = cores(ProcessTicks.process(ProcessHandle.current().pid()) - this.generator, seconds);
		double stackCores = cores(ProcessTicks.process(this.stackPid) - this.stack, seconds);
		double postgresCores = cores(ProcessTicks.processAndChildren(this.postmasterPid) - this.postgres, seconds);
		double busyShare = (double) (machineEnd[0] - this.machine[0]) / Math.max(1, machineEnd[1] - this.machine[1]);
		double machineCores = busyShare * Runtime.getRuntime().availableProcessors();
		jcmd(this.stackPid, "JFR.stop", "name=" + RECORDING);
		StringBuilder out = new StringBuilder();
		out.append(String.format(Locale.ROOT,
				"CPU over %.0f s, in cores (CPU seconds per second) of the machine's %d:%n"
						+ "  machine busy            %.2f%n  local stack JVM         %.2f  (gateway, worker, broker)%n"
						+ "  PostgreSQL              %.2f%n  load generator          %.2f  (this benchmark's JVM)%n"
						+ "  everything else         %.2f%n%n",
				seconds, Runtime.getRuntime().availableProcessors(), machineCores, stackCores, postgresCores,
				generatorCores, Math.max(0, machineCores - stackCores - postgresCores - generatorCores)));
		out.append("Flight recording of the local stack, threads ").append(GATEWAY_THREADS).append(":\n");
		out.append(JfrSummary.summarize(this.recording, GATEWAY_THREADS, this.from, to));
		return out.toString();
	}

	private static double cores(long ticks, double seconds) {
		return ticks * ProcessTicks.TICK_NANOS / 1e9 / seconds;
	}

	private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
		List<String> line = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
		line.addAll(List.of(command));
		Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + output);
		}
	}

}
