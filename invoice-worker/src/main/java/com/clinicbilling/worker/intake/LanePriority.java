package com.clinicbilling.worker.intake;

import java.util.List;

import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.BatchInterceptor;

/**
 * Serves the interactive lane first with the same threads (and so the same connections): after each
 * batch, a thread pauses its bulk partitions while interactive commands are waiting for it, so its
 * next poll returns only those; it resumes them once none wait, or when the bulk lane's minimum share
 * of the thread's time is due ({@link LaneProperties#bulkMinShare()}: time, not batches, since a bulk
 * batch is full and an interactive one small), or when its interactive partitions have been quiet
 * for {@link LaneProperties#idleResume()} (an empty poll calls no batch hook: the container's idle
 * event does it).
 *
 * <p>Everything here runs on the consumer's own thread (batch hooks and idle events are called
 * there), which is why it pauses and resumes the {@link Consumer} directly: at once, for the very
 * next poll. Spring Kafka's error handler resumes all partitions after a retried batch; the next
 * decision pauses them again if need be. A batch in progress is never interrupted, so an
 * interactive command waits at most for the batch a thread is in.
 */
class LanePriority implements BatchInterceptor<String, byte[]> {

	private final LaneProperties properties;

	/** Decay of the time shares per batch: they follow the last few seconds, not the whole run. */
	private static final double DECAY = 0.9;

	/** Per thread: when its batch began, and its recent busy time in batches with and without bulk. */
	private static final class Shares {

		long batchStart;

		double bulkNanos;

		double allNanos;

	}

	private final ThreadLocal<Shares> shares = ThreadLocal.withInitial(Shares::new);

	LanePriority(LaneProperties properties) {
		this.properties = properties;
	}

	@Override
	public ConsumerRecords<String, byte[]> intercept(ConsumerRecords<String, byte[]> records,
			Consumer<String, byte[]> consumer) {
		this.shares.get().batchStart = System.nanoTime();
		return records;
	}

	@Override
	public void success(ConsumerRecords<String, byte[]> records, Consumer<String, byte[]> consumer) {
		decide(records, consumer);
	}

	@Override
	public void failure(ConsumerRecords<String, byte[]> records, Exception exception,
			Consumer<String, byte[]> consumer) {
		decide(records, consumer);
	}

	private void decide(ConsumerRecords<String, byte[]> records, Consumer<String, byte[]> consumer) {
		boolean hadBulk = false;
		boolean hadInteractive = false;
		for (TopicPartition partition : records.partitions()) {
			hadBulk |= Topics.COMMANDS_BULK.equals(partition.topic());
			hadInteractive |= Topics.COMMANDS.equals(partition.topic());
		}
		Shares shares = this.shares.get();
		long took = System.nanoTime() - shares.batchStart;
		shares.allNanos = shares.allNanos * DECAY + took;
		shares.bulkNanos = shares.bulkNanos * DECAY + (hadBulk ? took : 0);
		boolean bulkDue = shares.bulkNanos < this.properties.bulkMinShare() * shares.allNanos;
		if (!bulkDue && (hadInteractive || interactiveWaiting(consumer))) {
			consumer.pause(partitions(consumer, Topics.COMMANDS_BULK));
		}
		else {
			resumeBulk(consumer);
		}
	}

	/** The thread's interactive partitions have been quiet for {@code idle-resume}: bulk again. */
	@EventListener
	void onIdle(ListenerContainerIdleEvent event) {
		@SuppressWarnings("unchecked")
		Consumer<String, byte[]> consumer = (Consumer<String, byte[]>) event.getConsumer();
		if (consumer != null) {
			resumeBulk(consumer);
		}
	}

	private static void resumeBulk(Consumer<String, byte[]> consumer) {
		List<TopicPartition> paused = consumer.paused()
			.stream()
			.filter((p) -> Topics.COMMANDS_BULK.equals(p.topic()))
			.toList();
		if (!paused.isEmpty()) {
			consumer.resume(paused);
		}
	}

	/** Records known to wait in the thread's interactive partitions, as of its last fetch. */
	private static boolean interactiveWaiting(Consumer<String, byte[]> consumer) {
		return partitions(consumer, Topics.COMMANDS).stream()
			.anyMatch((p) -> consumer.currentLag(p).orElse(0) > 0);
	}

	private static List<TopicPartition> partitions(Consumer<String, byte[]> consumer, String topic) {
		return consumer.assignment().stream().filter((p) -> topic.equals(p.topic())).toList();
	}

}
