package com.clinicbilling.benchmarks.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.clinicbilling.benchmarks.report.CommandLines;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Summarises a flight recording of a drain for the worker's consumer threads only (the broker,
 * producer and benchmark share the JVM): how their wall time splits into running Java, waiting on
 * PostgreSQL's socket and parking (waiting for Kafka), and which frames the running time is in.
 *
 * <p>{@code java -cp … JfrSummary recording.jfr [thread-name-regex]} ({@code --help})
 */
public final class JfrSummary {

	private static final Logger logger = LoggerFactory.getLogger(JfrSummary.class);

	/** Spring Kafka names a consumer thread {@code <listener id>-<n>-C-1}. */
	private static final String CONSUMER_THREADS = "invoice-worker-\\d+-C-\\d+";

	private static final int TOP = 25;

	/** Written by the drain benchmark around each timed drain. */
	private static final String DRAIN_EVENT = "clinicbilling.Drain";

	/** Start and end of each timed drain; when there are none, the whole recording counts. */
	private final List<Instant[]> windows = new ArrayList<>();

	private double machineCpu;

	private double jvmCpu;

	private long cpuSamples;

	private final Pattern threads;

	private final Map<String, Long> selfFrames = new HashMap<>();

	private final Map<String, Long> applicationFrames = new HashMap<>();

	private final Map<String, Long> nativeFrames = new HashMap<>();

	private final Map<String, Duration> socketReads = new HashMap<>();

	private final Map<String, Duration> parks = new HashMap<>();

	private final Map<String, Double> threadCpu = new HashMap<>();

	private final Map<String, Long> threadCpuSamples = new HashMap<>();

	/** Sum over 1 s samples of each thread group's CPU share: divided by the CPU samples, cores used. */
	private final Map<String, Double> groupCpu = new HashMap<>();

	private long executionSamples;

	private long nativeSamples;

	private Duration gcPauses = Duration.ZERO;

	private JfrSummary(Pattern threads) {
		this.threads = threads;
	}

	public static void main(String[] args) throws IOException {
		Cli cli = CommandLines.parseOrExit(new Cli(), args);
		logger.info("Profile of threads {} in {}:\n{}", cli.threads, cli.recording,
				summarize(cli.recording, cli.threads));
	}

	@Command(name = "JfrSummary", mixinStandardHelpOptions = true,
			description = "Where the selected threads of a flight recording spent their time.")
	static final class Cli {

		@Parameters(index = "0", description = "the recording (.jfr)")
		Path recording;

		@Parameters(index = "1", arity = "0..1", defaultValue = CONSUMER_THREADS,
				description = "which threads, by name (regular expression); default the worker's consumers")
		Pattern threads;

	}

	private static String summarize(Path recording, Pattern threads) throws IOException {
		JfrSummary summary = new JfrSummary(threads);
		List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
		for (RecordedEvent event : events) {
			if (event.getEventType().getName().equals(DRAIN_EVENT)) {
				summary.windows.add(new Instant[] { event.getStartTime(), event.getEndTime() });
			}
		}
		return summary.summarize(events);
	}

	/**
	 * The summary of a recording between {@code from} and {@code to} (its "timed drains" when it has
	 * none of its own) for the threads whose names match {@code threads}.
	 */
	public static String summarize(Path recording, Pattern threads, Instant from, Instant to) throws IOException {
		JfrSummary summary = new JfrSummary(threads);
		summary.windows.add(new Instant[] { from, to });
		return summary.summarize(RecordingFile.readAllEvents(recording));
	}

	private String summarize(List<RecordedEvent> events) {
		for (RecordedEvent event : events) {
			if (inDrain(event)) {
				accept(event);
			}
		}
		return render();
	}

	private boolean inDrain(RecordedEvent event) {
		if (this.windows.isEmpty()) {
			return true;
		}
		Instant at = event.getStartTime();
		return this.windows.stream().anyMatch((w) -> !at.isBefore(w[0]) && !at.isAfter(w[1]));
	}

	private void accept(RecordedEvent event) {
		String type = event.getEventType().getName();
		if (type.equals("jdk.CPULoad")) {
			this.machineCpu += event.getFloat("machineTotal");
			this.jvmCpu += event.getFloat("jvmUser") + event.getFloat("jvmSystem");
			this.cpuSamples++;
			return;
		}
		if (type.equals("jdk.GCPhasePause")) {
			this.gcPauses = this.gcPauses.plus(event.getDuration());
			return;
		}
		RecordedThread thread = thread(event, type);
		if (thread == null || thread.getJavaName() == null) {
			return;
		}
		if (type.equals("jdk.ThreadCPULoad")) {
			// Every thread, grouped by name without its numbers: who in this JVM uses the CPU.
			String group = thread.getJavaName().replaceAll("\\d+", "#");
			this.groupCpu.merge(group, (double) (event.getFloat("user") + event.getFloat("system")), Double::sum);
		}
		if (!this.threads.matcher(thread.getJavaName()).matches()) {
			return;
		}
		switch (type) {
			case "jdk.ExecutionSample" -> {
				this.executionSamples++;
				count(this.selfFrames, top(event.getStackTrace()));
				count(this.applicationFrames, firstApplicationFrame(event.getStackTrace()));
			}
			case "jdk.NativeMethodSample" -> {
				this.nativeSamples++;
				count(this.nativeFrames, firstLibraryFrame(event.getStackTrace()));
			}
			case "jdk.SocketRead" -> add(this.socketReads, firstLibraryFrame(event.getStackTrace()), event.getDuration());
			case "jdk.ThreadPark" -> add(this.parks, firstLibraryFrame(event.getStackTrace()), event.getDuration());
			case "jdk.ThreadCPULoad" -> {
				this.threadCpu.merge(thread.getJavaName(), (double) (event.getFloat("user") + event.getFloat("system")),
						Double::sum);
				this.threadCpuSamples.merge(thread.getJavaName(), 1L, Long::sum);
			}
			default -> {
			}
		}
	}

	private static RecordedThread thread(RecordedEvent event, String type) {
		String field = type.equals("jdk.ExecutionSample") || type.equals("jdk.NativeMethodSample") ? "sampledThread"
				: "eventThread";
		return event.hasField(field) ? event.getThread(field) : null;
	}

	private String render() {
		StringBuilder out = new StringBuilder();
		Duration drains = this.windows.stream()
			.map((w) -> Duration.between(w[0], w[1]))
			.reduce(Duration.ZERO, Duration::plus);
		if (!this.windows.isEmpty()) {
			out.append("Timed windows: ").append(this.windows.size()).append(", ").append(drains.toMillis())
				.append(" ms in all; only events inside them count.\n");
		}
		if (this.cpuSamples > 0) {
			out.append(String.format("Machine CPU busy %.0f %%, this JVM %.0f %% of all cores (1 s samples).%n",
					100 * this.machineCpu / this.cpuSamples, 100 * this.jvmCpu / this.cpuSamples));
		}
		out.append("Execution samples (running Java) ").append(this.executionSamples).append(", native samples ")
			.append(this.nativeSamples).append(", JVM-wide GC pauses ").append(this.gcPauses.toMillis()).append(" ms\n");
		if (this.cpuSamples > 0) {
			out.append("\nCPU by thread group of this JVM, all threads (share of all cores, average of 1 s samples):\n");
			this.groupCpu.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
				.limit(12)
				.forEach((e) -> out.append(String.format("  %5.1f %%  %s%n", 100 * e.getValue() / this.cpuSamples,
						e.getKey())));
		}
		out.append("\nCPU per selected thread (average of 1 s samples, share of all cores):\n");
		this.threadCpu.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.limit(TOP)
			.forEach((e) -> out.append(String.format("  %-30s %5.1f %%%n", e.getKey(),
					100 * e.getValue() / this.threadCpuSamples.get(e.getKey()))));
		out.append("\nBlocking socket reads by caller (in the worker: time waiting for PostgreSQL):\n");
		durations(out, this.socketReads);
		out.append("\nParks by caller, at the recording's threshold (waiting for Kafka's acknowledgements, a "
				+ "transaction, a queue):\n");
		durations(out, this.parks);
		out.append("\nTop self frames of running Java:\n");
		counts(out, this.selfFrames, this.executionSamples);
		out.append("\nRunning Java by first frame of our code (com.clinicbilling) or else the library frame:\n");
		counts(out, this.applicationFrames, this.executionSamples);
		out.append("\nNative samples by first non-JDK frame:\n");
		counts(out, this.nativeFrames, this.nativeSamples);
		return out.toString();
	}

	private static void counts(StringBuilder out, Map<String, Long> counts, long total) {
		counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
			.forEach((e) -> out.append(String.format("  %5.1f %%  %6d  %s%n", 100.0 * e.getValue() / Math.max(1, total),
					e.getValue(), e.getKey())));
	}

	private static void durations(StringBuilder out, Map<String, Duration> durations) {
		if (durations.isEmpty()) {
			out.append("  (none recorded)\n");
		}
		durations.entrySet().stream().sorted(Map.Entry.<String, Duration>comparingByValue().reversed()).limit(TOP)
			.forEach((e) -> out.append(String.format("  %8d ms  %s%n", e.getValue().toMillis(), e.getKey())));
	}

	private static void count(Map<String, Long> counts, String key) {
		counts.merge(key, 1L, Long::sum);
	}

	private static void add(Map<String, Duration> durations, String key, Duration duration) {
		durations.merge(key, duration, Duration::plus);
	}

	private static String top(RecordedStackTrace stack) {
		return (stack == null || stack.getFrames().isEmpty()) ? "(no stack)" : frame(stack.getFrames().get(0));
	}

	/** The first frame of our code, else of any library, else the top frame. */
	private static String firstApplicationFrame(RecordedStackTrace stack) {
		if (stack == null) {
			return "(no stack)";
		}
		for (RecordedFrame frame : stack.getFrames()) {
			if (frame.getMethod().getType().getName().startsWith("com.clinicbilling.")) {
				return frame(frame);
			}
		}
		return firstLibraryFrame(stack);
	}

	/** The first frame outside the JDK: who asked for the read, the park or the native call. */
	private static String firstLibraryFrame(RecordedStackTrace stack) {
		if (stack == null) {
			return "(no stack)";
		}
		List<RecordedFrame> frames = stack.getFrames();
		for (RecordedFrame frame : frames) {
			String type = frame.getMethod().getType().getName();
			if (!type.startsWith("java.") && !type.startsWith("sun.") && !type.startsWith("jdk.")) {
				return frame(frame);
			}
		}
		return frames.isEmpty() ? "(no stack)" : frame(frames.get(0));
	}

	private static String frame(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName() + ":" + frame.getLineNumber();
	}

}
