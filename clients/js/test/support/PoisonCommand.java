import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends bytes that are not a command to invoice.commands: args are the bootstrap servers and the key. */
public class PoisonCommand {

	public static void main(String[] args) throws Exception {
		Map<String, Object> config = Map.of("bootstrap.servers", args[0], "acks", "all");
		try (var producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
			producer.send(new ProducerRecord<>("invoice.commands", args[1], "not avro".getBytes(StandardCharsets.UTF_8)))
				.get();
		}
	}

}
