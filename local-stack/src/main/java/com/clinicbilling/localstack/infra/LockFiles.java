package com.clinicbilling.localstack.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who uses a data folder. Kafka ({@code .lock}) and zonky ({@code epg-lock}) hold an OS file lock in their
 * folder for as long as their process lives; the OS drops it when that process dies, even by SIGKILL.
 */
final class LockFiles {

	/** Folders in use in this JVM, checked without touching their lock files (see {@link #isHeld}). */
	private static final Set<Path> claimed = ConcurrentHashMap.newKeySet();

	private LockFiles() {
	}

	static void claim(Path dataDir, String what) {
		if (!claimed.add(dataDir)) {
			throw new IllegalStateException("The " + what + " data folder " + dataDir + " is already in use in this process");
		}
	}

	static void release(Path dataDir) {
		claimed.remove(dataDir);
	}

	/**
	 * Whether another live process holds the lock; a missing file is not held. Only for folders this JVM has
	 * not claimed: closing a channel on a file drops every lock this JVM holds on it (POSIX record locks).
	 */
	static boolean isHeld(Path lockFile) {
		if (!Files.exists(lockFile)) {
			return false;
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
				FileLock lock = channel.tryLock()) {
			return lock == null;
		}
		catch (OverlappingFileLockException ex) {
			return true;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not check the lock file " + lockFile, ex);
		}
	}

}
