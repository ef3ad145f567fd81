package com.clinicbilling.benchmarks.worker;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import com.clinicbilling.benchmarks.profile.ProcessTicks;

/**
 * CPU time spent during a measurement, by whom: the PostgreSQL server (its postmaster and every
 * child, from /proc), and inside this JVM the worker's consumer threads, the Kafka clients' I/O
 * threads, the embedded broker, the benchmark itself and the JVM's own threads (GC, JIT). On a
 * two-core machine shared by all of them, CPU per invoice is what bounds the rate.
 */
final class CpuMeter {

	enum Owner {

		POSTGRES("PostgreSQL"),

		WORKER_THREADS("worker consumer threads"),

		KAFKA_CLIENT_IO("Kafka client I/O threads"),

		BROKER("broker"),

		BENCHMARK("benchmark"),

		JVM_INTERNAL("GC, JIT, other JVM");

		final String label;

		Owner(String label) {
			this.label = label;
		}

	}

	private static final Pattern CONSUMER = Pattern.compile("invoice-worker-\\d+-C-\\d+");

	private static final Pattern CLIENT_IO = Pattern
		.compile("kafka-producer-network-thread.*|kafka-coordinator-heartbeat-thread.*|.*consumer_background_thread.*");

	private static final Pattern BENCHMARK = Pattern.compile("main|bench-.*|pool-\\d+-thread-\\d+");

	private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

	private final long postmasterPid;

	CpuMeter(long postmasterPid) {
		this.postmasterPid = postmasterPid;
	}

	/** CPU used between two snapshots, in nanoseconds per owner, and how busy the machine was. */
	record Usage(long wallNanos, Map<Owner, Long> cpuNanos, double machineBusy) {

		long total() {
			return this.cpuNanos.values().stream().mapToLong(Long::longValue).sum();
		}

		Usage plus(Usage other) {
			Map<Owner, Long> sum = new EnumMap<>(this.cpuNanos);
			other.cpuNanos.forEach((k, v) -> sum.merge(k, v, Long::sum));
			double busy = (this.wallNanos + other.wallNanos == 0) ? 0
					: (this.machineBusy * this.wallNanos + other.machineBusy * other.wallNanos)
							/ (this.wallNanos + other.wallNanos);
			return new Usage(this.wallNanos + other.wallNanos, sum, busy);
		}

		static Usage none() {
			return new Usage(0, new EnumMap<>(Owner.class), 0);
		}

	}

	final class Snapshot {

		private final long wall = System.nanoTime();

		private final long[] machine = ProcessTicks.machine();

		private final long postgres = postgresTicks();

		private final long process = processTicks();

		private final Map<Long, Long> threadCpu = new HashMap<>();

		private final Map<Long, Owner> threadOwner = new HashMap<>();

		Snapshot() {
			for (var info : CpuMeter.this.threads.getThreadInfo(CpuMeter.this.threads.getAllThreadIds())) {
				if (info != null) {
					this.threadCpu.put(info.getThreadId(), CpuMeter.this.threads.getThreadCpuTime(info.getThreadId()));
					this.threadOwner.put(info.getThreadId(), owner(info.getThreadName()));
				}
			}
		}

		Usage until(Snapshot end) {
			Map<Owner, Long> cpu = new EnumMap<>(Owner.class);
			long threadsTotal = 0;
			for (var entry : end.threadCpu.entrySet()) {
				long before = this.threadCpu.getOrDefault(entry.getKey(), 0L);
				long used = Math.max(0, entry.getValue() - Math.max(0, before));
				cpu.merge(end.threadOwner.get(entry.getKey()), used, Long::sum);
				threadsTotal += used;
			}
			long processNanos = (long) ((end.process - this.process) * ProcessTicks.TICK_NANOS);
			cpu.put(Owner.JVM_INTERNAL, Math.max(0, processNanos - threadsTotal));
			cpu.put(Owner.POSTGRES, (long) ((end.postgres - this.postgres) * ProcessTicks.TICK_NANOS));
			long busy = end.machine[0] - this.machine[0];
			long all = end.machine[1] - this.machine[1];
			return new Usage(end.wall - this.wall, cpu, (all == 0) ? 0 : busy / (double) all);
		}

	}

	Snapshot snapshot() {
		return new Snapshot();
	}

	private static Owner owner(String thread) {
		if (CONSUMER.matcher(thread).matches()) {
			return Owner.WORKER_THREADS;
		}
		if (CLIENT_IO.matcher(thread).matches()) {
			return Owner.KAFKA_CLIENT_IO;
		}
		if (BENCHMARK.matcher(thread).matches()) {
			return Owner.BENCHMARK;
		}
		return Owner.BROKER;
	}

	private long postgresTicks() {
		return ProcessTicks.processAndChildren(this.postmasterPid);
	}

	private static long processTicks() {
		return ProcessTicks.process(ProcessHandle.current().pid());
	}

}
