package com.clinicbilling.stripe.backfill;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * How far a backfill of one date range got: the last Stripe invoice whose command Kafka has (the
 * {@code starting_after} to resume from), the counts so far, and whether the range is done. Written
 * after each committed page, atomically (a temporary file moved over the old one), so a killed run
 * resumes at the first page not committed and republishes at most that page, which the worker's
 * idempotency absorbs.
 */
record Checkpoint(Instant from, Instant to, String startingAfter, long published, long ignored, boolean complete) {

	static Checkpoint start(Instant from, Instant to) {
		return new Checkpoint(from, to, null, 0, 0, false);
	}

	Checkpoint advance(String lastInvoiceId, long newlyPublished, long newlyIgnored) {
		return new Checkpoint(this.from, this.to, lastInvoiceId, this.published + newlyPublished,
				this.ignored + newlyIgnored, false);
	}

	Checkpoint completed() {
		return new Checkpoint(this.from, this.to, this.startingAfter, this.published, this.ignored, true);
	}

	boolean covers(Instant from, Instant to) {
		return this.from.equals(from) && this.to.equals(to);
	}

	static Optional<Checkpoint> load(Path file) throws IOException {
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		Properties properties = new Properties();
		try (Reader in = Files.newBufferedReader(file)) {
			properties.load(in);
		}
		String startingAfter = properties.getProperty("startingAfter", "");
		return Optional.of(new Checkpoint(Instant.parse(properties.getProperty("from")),
				Instant.parse(properties.getProperty("to")), startingAfter.isEmpty() ? null : startingAfter,
				Long.parseLong(properties.getProperty("published", "0")),
				Long.parseLong(properties.getProperty("ignored", "0")),
				Boolean.parseBoolean(properties.getProperty("complete", "false"))));
	}

	void save(Path file) throws IOException {
		Properties properties = new Properties();
		properties.setProperty("from", this.from.toString());
		properties.setProperty("to", this.to.toString());
		properties.setProperty("startingAfter", (this.startingAfter != null) ? this.startingAfter : "");
		properties.setProperty("published", Long.toString(this.published));
		properties.setProperty("ignored", Long.toString(this.ignored));
		properties.setProperty("complete", Boolean.toString(this.complete));
		Path absolute = file.toAbsolutePath();
		Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
		try (Writer out = Files.newBufferedWriter(temporary)) {
			properties.store(out, "Stripe backfill progress; delete this file to start the range over");
		}
		Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
