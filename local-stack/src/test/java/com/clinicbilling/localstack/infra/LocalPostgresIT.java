package com.clinicbilling.localstack.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalPostgresIT extends ChildJvmStoreTest {

	private static final String DATABASE = "invoice";

	private static final String USER = "invoice_app";

	private static final String PASSWORD = "it's a secret";

	/** Whatever a failed test left behind besides the child JVM: any server of the temporary folder. */
	@AfterEach
	void stopServers() {
		serversOf(this.dataDir).forEach(ProcessHandle::destroyForcibly);
	}

	@Test
	void rowsSurviveARestartOnTheSameFolder() throws Exception {
		int port = Ports.freePort();
		try (LocalPostgres postgres = LocalPostgres.start(this.dataDir, port, DATABASE, USER, PASSWORD)) {
			assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE);
			createTableWithRow(postgres.jdbcUrl(), "kept");
		}
		try (LocalPostgres postgres = LocalPostgres.start(this.dataDir, port, DATABASE, USER, PASSWORD)) {
			assertThat(readRows(postgres.jdbcUrl())).containsExactly("kept");
		}
		assertThat(this.dataDir.resolve("postmaster.pid")).doesNotExist();
	}

	@Test
	void startsAgainAfterTheJvmRunningItWasKilled() throws Exception {
		int port = Ports.freePort();
		startChildAndWriteRow(port);
		long orphanPid = postmasterPid();
		List<ProcessHandle> orphanChildren = ProcessHandle.of(orphanPid).orElseThrow().descendants().toList();

		ChildJvm.kill(this.child);
		assertThat(ProcessHandle.of(orphanPid)).as("postmaster outlives the killed JVM")
			.hasValueSatisfying((process) -> assertThat(process.isAlive()).isTrue());

		long newPid;
		try (LocalPostgres postgres = LocalPostgres.start(this.dataDir, port, DATABASE, USER, PASSWORD)) {
			assertThat(readRows(postgres.jdbcUrl())).containsExactly("before-kill");
			newPid = postmasterPid();
			assertThat(newPid).isNotEqualTo(orphanPid);
			assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).isEmpty();
			assertThat(orphanChildren).noneMatch(ProcessHandle::isAlive);
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ProcessHandle.of(newPid).filter(ProcessHandle::isAlive).isEmpty());
		assertThat(serversOf(this.dataDir)).as("no PostgreSQL of the folder left").isEmpty();
		assertThat(this.dataDir.resolve("postmaster.pid")).doesNotExist();
	}

	/** Like killing the whole process group: the dead postmaster and its children linger for a moment. */
	@Test
	void startsAgainAfterTheJvmAndTheServerWereKilledTogether() throws Exception {
		int port = Ports.freePort();
		startChildAndWriteRow(port);
		ProcessHandle postmaster = ProcessHandle.of(postmasterPid()).orElseThrow();

		postmaster.destroyForcibly();
		ChildJvm.kill(this.child);

		try (LocalPostgres postgres = LocalPostgres.start(this.dataDir, port, DATABASE, USER, PASSWORD)) {
			assertThat(readRows(postgres.jdbcUrl())).containsExactly("before-kill");
		}
		// A stopped server's processes take a moment to exit, longer on a loaded machine.
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(serversOf(this.dataDir)).as("no PostgreSQL of the folder left").isEmpty());
	}

	@Test
	void refusesAFolderWhoseServerAnotherLiveProcessRuns() throws Exception {
		int port = Ports.freePort();
		startChildAndWriteRow(port);
		long postmasterPid = postmasterPid();

		assertThatIllegalStateException()
			.isThrownBy(() -> LocalPostgres.start(this.dataDir, Ports.freePort(), DATABASE, USER, PASSWORD))
			.withMessageContaining("still running");
		assertThat(ProcessHandle.of(postmasterPid).filter(ProcessHandle::isAlive)).as("left alone").isPresent();
		assertThat(readRows("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE)).containsExactly("before-kill");
	}

	@Test
	void refusesAFolderAlreadyInUseInThisProcess() throws Exception {
		try (LocalPostgres postgres = LocalPostgres.start(this.dataDir, Ports.freePort(), DATABASE, USER, PASSWORD)) {
			assertThatIllegalStateException()
				.isThrownBy(() -> LocalPostgres.start(this.dataDir, Ports.freePort(), DATABASE, USER, PASSWORD))
				.withMessageContaining("already in use");
			createTableWithRow(postgres.jdbcUrl(), "still served");
		}
	}

	/** After a reboot the pid in a stale postmaster.pid may belong to any program. */
	@Test
	void startsWhenThePidFileNamesAnotherProgram() throws Exception {
		int port = Ports.freePort();
		try (LocalPostgres postgres = LocalPostgres.start(this.dataDir, port, DATABASE, USER, PASSWORD)) {
			createTableWithRow(postgres.jdbcUrl(), "kept");
		}
		Process otherProgram = new ProcessBuilder("sleep", "60").start();
		try {
			Files.writeString(this.dataDir.resolve("postmaster.pid"), otherProgram.pid() + "\n" + this.dataDir + "\n");
			try (LocalPostgres postgres = LocalPostgres.start(this.dataDir, port, DATABASE, USER, PASSWORD)) {
				assertThat(readRows(postgres.jdbcUrl())).containsExactly("kept");
			}
			assertThat(otherProgram.isAlive()).as("the other program is left alone").isTrue();
		}
		finally {
			otherProgram.destroyForcibly();
		}
	}

	private void startChildAndWriteRow(int port) throws Exception {
		startChild(PostgresChild.class, this.dataDir.toString(), String.valueOf(port), DATABASE, USER, PASSWORD);
		createTableWithRow("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, "before-kill");
	}

	private long postmasterPid() throws Exception {
		return Long.parseLong(Files.readAllLines(this.dataDir.resolve("postmaster.pid")).get(0).trim());
	}

	private static List<ProcessHandle> serversOf(Path dataDir) {
		String folder = dataDir.toAbsolutePath().toString();
		return ProcessHandle.allProcesses()
			.filter(ProcessHandle::isAlive)
			.filter((process) -> process.info().commandLine().orElse("").contains(folder))
			.toList();
	}

	private static void createTableWithRow(String jdbcUrl, String value) throws SQLException {
		try (Connection connection = DriverManager.getConnection(jdbcUrl, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE kept_rows (value text NOT NULL)");
			statement.execute("INSERT INTO kept_rows VALUES ('" + value + "')");
		}
	}

	private static List<String> readRows(String jdbcUrl) throws SQLException {
		List<String> values = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(jdbcUrl, USER, PASSWORD);
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT value FROM kept_rows")) {
			while (rows.next()) {
				values.add(rows.getString(1));
			}
		}
		return values;
	}

}
