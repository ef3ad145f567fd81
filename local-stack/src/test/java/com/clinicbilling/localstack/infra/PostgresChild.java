package com.clinicbilling.localstack.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Child JVM for {@link LocalPostgresIT}: starts PostgreSQL and runs until killed.
 * Args: dataDir port database user password readyMarker.
 */
public final class PostgresChild {

	private static final Logger log = LoggerFactory.getLogger(PostgresChild.class);

	private PostgresChild() {
	}

	public static void main(String[] args) throws Exception {
		QuietLogs.apply();
		LocalPostgres postgres = LocalPostgres.start(Path.of(args[0]), Integer.parseInt(args[1]), args[2], args[3], args[4]);
		log.info("READY {}", postgres.jdbcUrl());
		Files.writeString(Path.of(args[5]), "READY");
		new CountDownLatch(1).await();
	}

}
