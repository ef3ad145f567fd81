package com.clinicbilling.gateway.admin;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;

import com.clinicbilling.gateway.submit.CommandPublisher;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts dead letters back on {@code invoice.commands}, marked as replays. Safe to repeat: the
 * command keeps its clinic, key and body, so the worker answers a replay of a command that already
 * made an invoice with that invoice, never a second one.
 */
public final class DeadLetterReplay {

	private static final Logger logger = LoggerFactory.getLogger(DeadLetterReplay.class);

	private final DeadLetterLog log;

	private final CommandPublisher publisher;

	private final Clock clock;

	public DeadLetterReplay(DeadLetterLog log, CommandPublisher publisher, Clock clock) {
		this.log = log;
		this.publisher = publisher;
		this.clock = clock;
	}

	/**
	 * @param matched dead letters the query found
	 * @param replayed commands published again (0 on a dry run)
	 * @param notReplayable matched records whose bytes do not decode: they can never be replayed
	 */
	public record Result(int matched, int replayed, int notReplayable) {
	}

	public Result replay(DeadLetterQuery query, boolean dryRun) {
		List<DeadLetter> matched = this.log.find(query.asPredicate());
		// A command that failed several times lies there several times: it is replayed once.
		Collection<CreateInvoice> replayable = matched.stream()
			.map(DeadLetter::command)
			.filter((c) -> c != null && !c.getRequestId().isBlank())
			.collect(Collectors.toMap(CreateInvoice::getRequestId, (c) -> c, (first, again) -> first,
					LinkedHashMap::new))
			.values();
		if (!dryRun) {
			for (CreateInvoice original : replayable) {
				CreateInvoice replay = CreateInvoice.newBuilder(original)
					.setSource(CommandSource.REPLAY)
					.setAcceptedAt(this.clock.instant())
					.build();
				this.publisher.publishAndWait(replay);
				logger.info("Replayed requestId={} clinicId={}", replay.getRequestId(), replay.getClinicId());
			}
		}
		int notReplayable = (int) matched.stream().filter((m) -> m.command() == null).count();
		return new Result(matched.size(), dryRun ? 0 : replayable.size(), notReplayable);
	}

}
