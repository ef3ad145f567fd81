package com.clinicbilling.gateway.admin;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.clinicbilling.gateway.submit.KafkaCommandPublisher;
import com.clinicbilling.schemas.KafkaClientSettings;
import com.clinicbilling.schemas.KafkaOptions;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The operators' dead-letter tool: lists and replays dead letters of every clinic (or one), straight
 * on Kafka, with the same query and replay as the admin API.
 *
 * <pre>
 * bin/dead-letters list   [--clinic N] [--error CODE] [--from ISO] [--to ISO] [--request-ids a,b]
 * bin/dead-letters replay [same filters] [--dry-run]
 * bin/dead-letters --help
 * </pre>
 * Kafka is {@code --bootstrap host:port}, else {@code INVOICE_KAFKA_BOOTSTRAP}, else 127.0.0.1:19092; a
 * secured cluster's client settings come from {@code --kafka-config file} or {@code INVOICE_KAFKA_CONFIG}.
 * Its output is its interface, hence standard out rather than a logger. Exit status 2 for wrong options.
 */
@Command(name = "dead-letters", mixinStandardHelpOptions = true, subcommands = { DeadLetterTool.ListCommand.class,
		DeadLetterTool.ReplayCommand.class }, description = "Lists and replays the dead letters of both lanes (invoice.commands-dlt, invoice.commands.bulk-dlt); replays go to the bulk lane.")
public final class DeadLetterTool implements Callable<Integer> {

	@Spec
	CommandLine.Model.CommandSpec spec;

	public static void main(String[] args) {
		System.exit(run(args, System.out, System.err));
	}

	static int run(String[] args, PrintStream out, PrintStream err) {
		return new CommandLine(new DeadLetterTool()).setOut(new PrintWriter(out, true))
			.setErr(new PrintWriter(err, true))
			.execute(args);
	}

	/** Without a subcommand: the usage, as for any wrong invocation. */
	@Override
	public Integer call() {
		this.spec.commandLine().usage(this.spec.commandLine().getErr());
		return CommandLine.ExitCode.USAGE;
	}

	/** The options both subcommands share: which dead letters, and where Kafka is. */
	static final class Filters {

		@Option(names = "--clinic", description = "only this clinic's")
		Long clinic;

		@Option(names = "--error", description = "only those with this error code")
		String error;

		@Option(names = "--from", description = "failed at or after this instant (ISO-8601)")
		Instant from;

		@Option(names = "--to", description = "failed before this instant (ISO-8601)")
		Instant to;

		@Option(names = "--request-ids", split = ",", description = "only these requests, comma-separated")
		List<String> requestIds;

		@Mixin
		KafkaOptions cluster;

		@Spec(Spec.Target.MIXEE)
		CommandLine.Model.CommandSpec command;

		DeadLetterQuery query() {
			return new DeadLetterQuery(this.clinic, this.requestIds, this.from, this.to, this.error);
		}

		/** Every Kafka client of the tool starts from these; a file that cannot be read is a wrong option. */
		KafkaClientSettings kafka() {
			try {
				return this.cluster.settings(System.getenv());
			}
			catch (IllegalArgumentException ex) {
				throw new ParameterException(this.command.commandLine(), "bad option: " + ex.getMessage(), ex);
			}
		}

		DeadLetterLog log(KafkaClientSettings kafka) {
			return new DeadLetterLog(kafka.clientConfig(), 1_000_000, Duration.ofSeconds(30));
		}

	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the matching dead letters.")
	static final class ListCommand implements Callable<Integer> {

		@Mixin
		Filters filters;

		@Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() {
			PrintWriter out = this.spec.commandLine().getOut();
			List<DeadLetter> letters = this.filters.log(this.filters.kafka()).find(this.filters.query().asPredicate());
			out.printf("%-12s %-8s %-38s %-15s %-24s %s%n", "id", "clinic", "requestId", "error", "failedAt", "attempts");
			letters.forEach((l) -> out.printf("%-12s %-8s %-38s %-15s %-24s %d%n", l.id(), l.clinicId(), l.requestId(),
					l.errorCode(), l.failedAt(), l.attempts()));
			out.printf("%d dead letters%n", letters.size());
			out.flush();
			return CommandLine.ExitCode.OK;
		}

	}

	@Command(name = "replay", mixinStandardHelpOptions = true,
			description = "Publishes the matching dead letters' commands again (idempotent).")
	static final class ReplayCommand implements Callable<Integer> {

		@Mixin
		Filters filters;

		@Option(names = "--dry-run", description = "count what would be replayed, publish nothing")
		boolean dryRun;

		@Spec
		CommandLine.Model.CommandSpec spec;

		@Override
		public Integer call() {
			KafkaClientSettings kafka = this.filters.kafka();
			DefaultKafkaProducerFactory<String, byte[]> producers = producers(kafka);
			try {
				DeadLetterReplay replay = new DeadLetterReplay(this.filters.log(kafka),
						new KafkaCommandPublisher(new KafkaTemplate<>(producers), Duration.ofSeconds(5)),
						Clock.systemUTC());
				DeadLetterReplay.Result result = replay.replay(this.filters.query(), this.dryRun);
				PrintWriter out = this.spec.commandLine().getOut();
				out.printf("matched %d, replayed %d, not replayable %d%n", result.matched(), result.replayed(),
						result.notReplayable());
				out.flush();
				return CommandLine.ExitCode.OK;
			}
			finally {
				producers.destroy();
			}
		}

	}

	private static DefaultKafkaProducerFactory<String, byte[]> producers(KafkaClientSettings kafka) {
		Map<String, Object> config = kafka.clientConfig();
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(config,
				new StringSerializer(), new ByteArraySerializer());
		return factory;
	}

}
