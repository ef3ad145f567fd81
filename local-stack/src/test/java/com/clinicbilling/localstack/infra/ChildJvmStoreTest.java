package com.clinicbilling.localstack.infra;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local store's test that may run the store in a child JVM and kill it with SIGKILL: the store's
 * folder, a work folder for the child's log and ready marker, and the child, killed after each test
 * if a failed test left it alive.
 */
abstract class ChildJvmStoreTest {

	@TempDir
	Path dataDir;

	@TempDir
	Path workDir;

	/** The child JVM of the running test, or null. */
	Process child;

	@BeforeAll
	static void quietLogs() {
		QuietLogs.apply();
	}

	/** Starts {@code mainClass} in a child JVM and returns once it is ready. */
	void startChild(Class<?> mainClass, String... arguments) throws IOException {
		Path marker = this.workDir.resolve("ready");
		Path log = this.workDir.resolve("child.log");
		this.child = ChildJvm.start(mainClass, log, marker, arguments);
		ChildJvm.awaitReady(this.child, marker, log, Duration.ofSeconds(60));
	}

	@AfterEach
	void killChild() {
		if (this.child != null && this.child.isAlive()) {
			ChildJvm.kill(this.child);
		}
	}

}
