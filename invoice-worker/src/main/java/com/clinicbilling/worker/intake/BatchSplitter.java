package com.clinicbilling.worker.intake;

import java.util.ArrayList;
import java.util.List;

import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.worker.invoice.InvoiceBatchProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.stereotype.Component;

/**
 * Runs a batch in one transaction and, when the database refuses a command's data, finds that
 * command by bisection: each half runs in its own short transaction (a failed one commits nothing),
 * in order, until the refused command stands alone. It is then recorded REJECTED
 * ({@code unprocessable_command}), so a redelivery gets the same answer; the rest commit as usual.
 * Any other failure propagates: the whole batch is retried, and what its halves committed is
 * answered again from the records.
 *
 * <p>Done here rather than by the error handler's recoverer: which command is refused is unknown
 * until the batch is split, and a decodable command with a request id gets a REJECTED status, kept
 * in {@code invoice_requests}, rather than a dead letter. Only a command the database refuses even as
 * a rejection goes to the dead-letter topic, through {@code BatchListenerFailedException}.
 */
@Component
class BatchSplitter {

	private static final Logger logger = LoggerFactory.getLogger(BatchSplitter.class);

	private final InvoiceBatchProcessor processor;

	private final IntakeMetrics metrics;

	BatchSplitter(InvoiceBatchProcessor processor, IntakeMetrics metrics) {
		this.processor = processor;
		this.metrics = metrics;
	}

	/**
	 * The statuses to publish, and the position of a command that cannot even be recorded as
	 * rejected (to be dead-lettered), or -1; processing stops before such a command.
	 */
	record Processed(List<RequestStatus> statuses, int unanswerable, RuntimeException refusal) {
	}

	Processed process(List<CreateInvoice> commands) {
		Run run = new Run(commands);
		int unanswerable = run.range(0, commands.size());
		return new Processed(run.statuses, unanswerable, run.refusal);
	}

	/** One batch's bisection: what it has answered so far, and why it stopped if it did. */
	private final class Run {

		private final List<CreateInvoice> commands;

		private final List<RequestStatus> statuses;

		private RuntimeException refusal;

		Run(List<CreateInvoice> commands) {
			this.commands = commands;
			this.statuses = new ArrayList<>(commands.size());
		}

		/** @return the position of an unanswerable command, or -1 once the range is answered */
		int range(int from, int to) {
			try {
				this.statuses.addAll(BatchSplitter.this.processor.process(this.commands.subList(from, to)));
				return -1;
			}
			catch (RuntimeException ex) {
				if (FailureClass.of(ex) != FailureClass.DATA) {
					throw ex;
				}
				if (to - from > 1) {
					int middle = (from + to) >>> 1;
					int unanswerable = range(from, middle);
					return (unanswerable >= 0) ? unanswerable : range(middle, to);
				}
				return reject(this.commands.get(from), ex) ? -1 : from;
			}
		}

		private boolean reject(CreateInvoice command, RuntimeException refused) {
			String cause = NestedExceptionUtils.getMostSpecificCause(refused).getMessage();
			try {
				this.statuses.add(BatchSplitter.this.processor.rejectUnprocessable(command));
			}
			catch (RuntimeException ex) {
				if (FailureClass.of(ex) != FailureClass.DATA) {
					throw ex;
				}
				this.refusal = new UnprocessableCommandException(
						"The database refuses even the rejection of requestId=" + command.getRequestId() + ": " + cause,
						ex);
				return false;
			}
			logger.warn("requestId={} refused by the database, rejected as unprocessable_command: {}",
					command.getRequestId(), cause);
			BatchSplitter.this.metrics.unprocessable();
			return true;
		}

	}

}
