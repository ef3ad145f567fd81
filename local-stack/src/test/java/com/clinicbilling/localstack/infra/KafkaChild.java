package com.clinicbilling.localstack.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Child JVM for {@link LocalKafkaIT}: starts a broker and runs until killed. Args: dataDir port readyMarker. */
public final class KafkaChild {

	private static final Logger log = LoggerFactory.getLogger(KafkaChild.class);

	private KafkaChild() {
	}

	public static void main(String[] args) throws Exception {
		QuietLogs.apply();
		LocalKafka kafka = LocalKafka.start(Path.of(args[0]), Integer.parseInt(args[1]));
		log.info("READY {}", kafka.bootstrapServers());
		Files.writeString(Path.of(args[2]), "READY");
		new CountDownLatch(1).await();
	}

}
