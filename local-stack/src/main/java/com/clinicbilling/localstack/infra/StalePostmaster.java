package com.clinicbilling.localstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is left of a PostgreSQL whose data folder still has a {@code postmaster.pid}. When the JVM that
 * started it is killed with SIGKILL the server keeps running as an orphan, holding the port and the folder;
 * when the server itself is killed, its children and its unreaped process linger for a moment and make a new
 * server refuse to start. Both are waited for, or stopped, here.
 */
final class StalePostmaster {

	private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private final Path dataDir;

	private final Path pidFile;

	StalePostmaster(Path dataDir) {
		this.dataDir = dataDir;
		this.pidFile = dataDir.resolve("postmaster.pid");
	}

	void stopIfRunning(int port) {
		Optional<Long> pid = readPid();
		if (pid.isEmpty()) {
			return;
		}
		Optional<ProcessHandle> postmaster = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
		List<ProcessHandle> inFolder = processesInFolder();
		if (postmaster.isPresent() && !inFolder.contains(postmaster.get()) && isAnotherProgram(postmaster.get())) {
			// The pid was reused (after a reboot): PostgreSQL would refuse to start while that process lives.
			log.warn("{} names process {}, now {}; removing the stale file", this.pidFile, pid.get(),
					postmaster.get().info().commandLine().orElse("another program"));
			ProcessTree.delete(this.pidFile);
			if (inFolder.isEmpty()) {
				return;
			}
			postmaster = Optional.empty();
		}
		Set<ProcessHandle> leftovers = new LinkedHashSet<>(inFolder);
		postmaster.ifPresent(leftovers::add);
		if (leftovers.isEmpty()) {
			log.warn("PostgreSQL of {} (pid {}) was killed and is no longer running; it will recover on start",
					this.dataDir, pid.get());
			return;
		}
		if (ownerIsAlive()) {
			throw new IllegalStateException("PostgreSQL (pid " + pid.get() + ") of " + this.dataDir
					+ " belongs to a process that is still running: stop that one first");
		}
		List<Long> pids = leftovers.stream().map(ProcessHandle::pid).toList();
		log.warn("PostgreSQL of {} is still running as processes {}, left behind by a killed process; stopping it",
				this.dataDir, pids);
		// SIGTERM is PostgreSQL's smart shutdown: its clients died with the JVM, so it stops at once.
		postmaster.ifPresent(ProcessHandle::destroy);
		if (!ProcessTree.awaitExit(leftovers, STOP_TIMEOUT)) {
			log.warn("PostgreSQL processes {} did not stop within {} s; killing them", pids, STOP_TIMEOUT.toSeconds());
			leftovers.forEach(ProcessHandle::destroyForcibly);
			if (!ProcessTree.awaitExit(leftovers, STOP_TIMEOUT)) {
				throw new IllegalStateException("Could not stop the PostgreSQL processes " + pids + " of " + this.dataDir);
			}
		}
		if (!Ports.awaitFree(port, STOP_TIMEOUT)) {
			throw new IllegalStateException("Port " + port + " is still in use after stopping PostgreSQL " + pids);
		}
		log.warn("Stopped the left-behind PostgreSQL processes {} of {}", pids, this.dataDir);
	}

	private Optional<Long> readPid() {
		if (!Files.exists(this.pidFile)) {
			return Optional.empty();
		}
		try (Stream<String> lines = Files.lines(this.pidFile)) {
			return lines.findFirst().map(String::trim).filter((line) -> line.matches("\\d+")).map(Long::valueOf);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read " + this.pidFile, ex);
		}
	}

	/**
	 * Every PostgreSQL process works in its data folder (visible in Linux's /proc); the command check keeps
	 * out, say, a shell that happens to be in that folder.
	 */
	private List<ProcessHandle> processesInFolder() {
		long self = ProcessHandle.current().pid();
		return ProcessHandle.allProcesses()
			.filter((process) -> process.pid() != self)
			.filter((process) -> process.info().command().filter((command) -> command.contains("postgres")).isPresent())
			.filter((process) -> ProcessTree.workingDirectory(process).filter(this::isDataDir).isPresent())
			.toList();
	}

	private boolean isDataDir(Path path) {
		try {
			return Files.isSameFile(path, this.dataDir);
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Whether the process is clearly not a PostgreSQL of ours: another user's, or another program. One that
	 * shows nothing (a killed postmaster not reaped yet) counts as ours and is waited for.
	 */
	private static boolean isAnotherProgram(ProcessHandle process) {
		ProcessHandle.Info info = process.info();
		Optional<String> ourUser = ProcessHandle.current().info().user();
		boolean otherUser = info.user().isPresent() && ourUser.isPresent() && !info.user().equals(ourUser);
		boolean otherCommand = info.command().filter((command) -> !command.contains("postgres")).isPresent();
		return otherUser || otherCommand;
	}

	/** Whether a live JVM still runs this server: zonky locks {@code epg-lock} while it runs one. */
	private boolean ownerIsAlive() {
		return LockFiles.isHeld(this.dataDir.resolve("epg-lock"));
	}

}
