package com.clinicbilling.benchmarks.baseline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The incident's other users of the pool ("other users, background jobs, polling"): threads of
 * this application that hold connections of the same pool in long transactions. Also the
 * benchmark's readiness probe. Bounded: at most 10 connections and 10 minutes.
 */
@RestController
class SlowNeighbour {

	private static final Logger logger = LoggerFactory.getLogger(SlowNeighbour.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final List<Thread> threads = new ArrayList<>();

	private volatile long until;

	SlowNeighbour(JdbcTemplate jdbc, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	@GetMapping("/bench/ready")
	String ready() {
		return "ok";
	}

	@PostMapping("/bench/neighbour")
	synchronized ResponseEntity<String> start(@RequestParam int connections, @RequestParam long holdMillis,
			@RequestParam long seconds) {
		if (connections < 1 || connections > 10 || seconds < 1 || seconds > 600 || holdMillis < 1) {
			return ResponseEntity.badRequest().body("connections 1-10, seconds 1-600, holdMillis positive");
		}
		stop();
		this.until = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		for (int i = 0; i < connections; i++) {
			Thread thread = new Thread(() -> hold(holdMillis), "slow-neighbour-" + i);
			thread.setDaemon(true);
			thread.start();
			this.threads.add(thread);
		}
		logger.info("Slow neighbour: {} connections in transactions of {} ms for {} s", connections, holdMillis, seconds);
		return ResponseEntity.ok("started");
	}

	@DeleteMapping("/bench/neighbour")
	synchronized String stop() {
		this.until = 0;
		this.threads.forEach(Thread::interrupt);
		this.threads.clear();
		return "stopped";
	}

	private void hold(long holdMillis) {
		while (System.nanoTime() < this.until && !Thread.currentThread().isInterrupted()) {
			try {
				this.transaction.executeWithoutResult((status) -> this.jdbc
					.queryForObject("select count(*) from (select pg_sleep(? / 1000.0)) s", Long.class, holdMillis));
			}
			catch (RuntimeException ex) {
				logger.debug("Slow neighbour transaction failed: {}", ex.getMessage());
			}
		}
	}

}
