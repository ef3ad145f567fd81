import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CommandIdentity;
import com.clinicbilling.schemas.CommandSource;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.DeadLetters;
import com.clinicbilling.schemas.LineItem;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts a valid command of clinic 1 on the dead-letter topic, as the worker of a release that could
 * not read its schema would have (error code unknown_schema): a dead letter a replay can bring back.
 * Args: the bootstrap servers and the idempotency key; prints the command's request id.
 */
public class DeadLetteredCommand {

	public static void main(String[] args) throws Exception {
		CreateInvoice command = CommandIdentity.identify(CreateInvoice.newBuilder()
			.setClinicId(1)
			.setIdempotencyKey(args[1])
			.setAcceptedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
			.setSource(CommandSource.API)
			.setPatientId(101)
			.setOrderId(null)
			.setCurrency("usd")
			.setLineItems(List.of(LineItem.newBuilder().setDescription("Replayed consultation").setUnitAmount(4900L)
				.setQuantity(1).build()))
			.setMemo(null)
			.setPaidExternally(null)
			.setStripeInvoiceId(null)
			.setLocalInvoice(null));
		Map<String, Object> config = Map.of("bootstrap.servers", args[0], "acks", "all");
		try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
			var record = new ProducerRecord<>(Topics.COMMANDS_DEAD_LETTER, Topics.commandKey(1, args[1]),
					AvroSerde.createInvoice().encode(command));
			record.headers().add(DeadLetters.ERROR_CODE_HEADER, DeadLetters.UNKNOWN_SCHEMA.getBytes(StandardCharsets.UTF_8));
			producer.send(record).get();
		}
		System.out.println(command.getRequestId());
	}

}
