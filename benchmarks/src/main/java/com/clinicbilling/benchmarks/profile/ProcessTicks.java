package com.clinicbilling.benchmarks.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * CPU time from Linux's /proc, in clock ticks: of the machine, of a process, of a process and its
 * children (PostgreSQL's postmaster and its backends). Benchmarks only: no other platform.
 */
public final class ProcessTicks {

	/** Linux reports process times in clock ticks of 1/100 s on every common configuration. */
	public static final double TICK_NANOS = 10_000_000;

	private ProcessTicks() {
	}

	/** Busy and total ticks of all CPUs; iowait counts as idle. */
	public static long[] machine() {
		String[] fields = read(Path.of("/proc/stat")).lines().findFirst().orElse("cpu 0").trim().split("\\s+");
		long total = 0;
		long idle = 0;
		for (int i = 1; i < fields.length; i++) {
			long value = Long.parseLong(fields[i]);
			// guest and guest_nice (fields 9 and 10) are already in user and nice
			total += (i <= 8) ? value : 0;
			idle += (i == 4 || i == 5) ? value : 0;
		}
		return new long[] { total - idle, total };
	}

	/** PostgreSQL's main process: the parent of every backend, {@code connection}'s too. */
	public static long postmaster(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select pg_backend_pid()")) {
			rs.next();
			long backend = rs.getLong(1);
			return ProcessHandle.of(backend)
				.flatMap(ProcessHandle::parent)
				.map(ProcessHandle::pid)
				.orElseThrow(() -> new IllegalStateException("No parent process of PostgreSQL backend " + backend));
		}
	}

	/** User and system ticks of one process; 0 when it is gone. */
	public static long process(long pid) {
		String[] stat = stat(Path.of("/proc", Long.toString(pid)));
		return (stat != null) ? Long.parseLong(stat[11]) + Long.parseLong(stat[12]) : 0;
	}

	/** User and system ticks of a process and its direct children (not of children already ended). */
	public static long processAndChildren(long parentPid) {
		try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
			return processes.filter((p) -> p.getFileName().toString().chars().allMatch(Character::isDigit))
				.mapToLong((p) -> {
					String[] stat = stat(p);
					if (stat == null) {
						return 0;
					}
					long pid = Long.parseLong(p.getFileName().toString());
					boolean ours = pid == parentPid || Long.parseLong(stat[1]) == parentPid;
					return ours ? Long.parseLong(stat[11]) + Long.parseLong(stat[12]) : 0;
				})
				.sum();
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** Fields of /proc/PID/stat after the command name: [0] state, [1] ppid, ..., [11] utime, [12] stime. */
	private static String[] stat(Path process) {
		try {
			String text = Files.readString(process.resolve("stat"));
			return text.substring(text.lastIndexOf(')') + 2).split(" ");
		}
		catch (IOException | RuntimeException ex) {
			// The process ended between listing and reading.
			return null;
		}
	}

	private static String read(Path path) {
		try {
			return Files.readString(path);
		}
		catch (IOException ex) {
			return "";
		}
	}

}
