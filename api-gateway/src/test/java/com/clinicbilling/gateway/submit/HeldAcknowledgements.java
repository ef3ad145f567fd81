package com.clinicbilling.gateway.submit;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A producer blocked while Kafka acknowledges: once {@link #hold()} is called, the producer's I/O
 * thread waits in {@code onAcknowledgement}, before the send's future completes, until
 * {@link #release()}. The broker stores the record; the gateway does not learn it yet, as when the
 * broker is slow to answer. Configured by class name ({@code interceptor.classes}), hence static.
 */
public class HeldAcknowledgements implements ProducerInterceptor<Object, Object> {

	private static volatile CountDownLatch gate = new CountDownLatch(0);

	private static final AtomicInteger held = new AtomicInteger();

	static void hold() {
		gate = new CountDownLatch(1);
	}

	static void release() {
		gate.countDown();
	}

	/** Acknowledgements waiting at the gate now. */
	static int held() {
		return held.get();
	}

	@Override
	public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
		held.incrementAndGet();
		try {
			gate.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			held.decrementAndGet();
		}
	}

	@Override
	public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
		return record;
	}

	@Override
	public void close() {
	}

	@Override
	public void configure(Map<String, ?> configs) {
	}

}
