package com.clinicbilling.localstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/** Small operating-system helpers for {@link StalePostmaster}. */
final class ProcessTree {

	private ProcessTree() {
	}

	/** The process's working directory where the OS shows it (Linux /proc), else empty. */
	static Optional<Path> workingDirectory(ProcessHandle process) {
		try {
			return Optional.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(process.pid()), "cwd")));
		}
		catch (IOException | UnsupportedOperationException | SecurityException ex) {
			// Gone, another user's, or not Linux.
			return Optional.empty();
		}
	}

	/** Waits until none of the processes is alive any more (a zombie counts as alive until reaped). */
	static boolean awaitExit(Collection<ProcessHandle> processes, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (processes.stream().anyMatch(ProcessHandle::isAlive)) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Ports.sleep(50);
		}
		return true;
	}

	static void delete(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not delete " + file, ex);
		}
	}

}
