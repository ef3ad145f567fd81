package com.clinicbilling.deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the files under test live: the repository root, one level above this module. */
final class RepositoryFiles {

	/** The applications that ship as images, by module folder. */
	static final String GATEWAY = "api-gateway";

	static final String WORKER = "invoice-worker";

	private RepositoryFiles() {
	}

	static Path root() {
		// Surefire passes the root; an IDE running the test from the module folder gets the fallback.
		Path root = Path.of(System.getProperty("repository.root", "..")).toAbsolutePath().normalize();
		if (!Files.isRegularFile(root.resolve("docker-compose.yml"))) {
			throw new IllegalStateException("Not the repository root (no docker-compose.yml): " + root);
		}
		return root;
	}

	static Path resolve(String relativePath) {
		return root().resolve(relativePath);
	}

	static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String read(String relativePath) {
		return read(resolve(relativePath));
	}

}
