package com.clinicbilling.worker.stripe;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.InvoiceStatus;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import com.clinicbilling.worker.invoice.StripeRouting;
import com.clinicbilling.worker.system.KafkaSends;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Routes the command batches' OPEN invoices to the Stripe stage. In the batch's transaction it
 * records each new one as pending on Stripe and holds its status back; a redelivered command whose
 * invoice is still pending is held and handed off again (the recovery of a crash between the batch's
 * commit and the hand-off). OPEN invoices made before Stripe was configured stay local.
 */
class StripeRouter implements StripeRouting {

	private final AvroSerde<RequestStatus> statuses = AvroSerde.requestStatus();

	private final JdbcTemplate jdbc;

	private final KafkaTemplate<String, byte[]> kafka;

	private final Clock clock;

	StripeRouter(JdbcTemplate jdbc, KafkaTemplate<String, byte[]> kafka, Clock clock) {
		this.jdbc = jdbc;
		this.kafka = kafka;
		this.clock = clock;
	}

	@Override
	public List<RequestStatus> hold(List<RequestStatus> statuses, Set<Long> createdInvoiceIds) {
		Map<Long, RequestStatus> open = new LinkedHashMap<>();
		for (RequestStatus status : statuses) {
			if (status.getState() == RequestState.CREATED && status.getInvoice().getStatus() == InvoiceStatus.OPEN
					&& status.getInvoice().getStripeInvoiceId() == null) {
				open.putIfAbsent(status.getInvoice().getId(), status);
			}
		}
		if (open.isEmpty()) {
			return List.of();
		}
		List<Long> created = open.keySet().stream().filter(createdInvoiceIds::contains).toList();
		recordPending(created, open);
		Set<Long> held = new HashSet<>(created);
		List<Long> earlier = open.keySet().stream().filter((id) -> !createdInvoiceIds.contains(id)).toList();
		if (!earlier.isEmpty()) {
			held.addAll(this.jdbc.queryForList("""
					select invoice_id from stripe_invoices
					where invoice_id = any(?::bigint[]) and phase in ('PENDING', 'DRAFT')
					""", Long.class, (Object) earlier.toArray(Long[]::new)));
		}
		return open.values().stream().filter((status) -> held.contains(status.getInvoice().getId())).toList();
	}

	private void recordPending(List<Long> invoiceIds, Map<Long, RequestStatus> open) {
		if (invoiceIds.isEmpty()) {
			return;
		}
		Timestamp now = Timestamp.from(this.clock.instant());
		this.jdbc.update("""
				insert into stripe_invoices (invoice_id, clinic_id, request_id, phase, created_at, updated_at)
				select invoice_id, clinic_id, request_id, 'PENDING', ?, ?
				from unnest(?::bigint[], ?::bigint[], ?::text[]) as v(invoice_id, clinic_id, request_id)
				on conflict (invoice_id) do nothing
				""", now, now, invoiceIds.toArray(Long[]::new),
				invoiceIds.stream().map((id) -> open.get(id).getClinicId()).toArray(Long[]::new),
				invoiceIds.stream().map((id) -> open.get(id).getRequestId()).toArray(String[]::new));
	}

	@Override
	public void handOff(List<RequestStatus> held) {
		// The batch is retried on failure: its recorded outcomes are held and handed off again.
		KafkaSends.awaitAll(held.stream()
			.map((status) -> this.kafka.send(Topics.STRIPE_SYNC, Long.toString(status.getInvoice().getId()),
					this.statuses.encode(status)))
			.toList(), "Handing " + held.size() + " invoices to the Stripe stage failed");
	}

}
