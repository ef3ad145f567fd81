package com.clinicbilling.gateway.status;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.clinicbilling.schemas.AvroSerde;
import com.clinicbilling.schemas.CreateInvoice;
import com.clinicbilling.schemas.RequestState;
import com.clinicbilling.schemas.RequestStatus;
import com.clinicbilling.schemas.Topics;
import org.apache.kafka.common.TopicPartition;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.util.FileSystemUtils;

/**
 * The latest {@link RequestStatus} of every request of the retention, which request owns each
 * {@code clinicId:idempotencyKey}, and the ids of requests past the retention, in a RocksDB database
 * on local disk (off the heap) with the topic positions they were read up to. Fed by the status topic
 * and the command topics (every instance reads all of them: a stored command is a PENDING request)
 * through {@link RequestStatusFeed}, its only writer, and, at once, by this instance's own
 * acknowledged commands, held in memory until the feed reads them back.
 *
 * <p>Statuses can arrive out of order: a command may be read after the worker's final status was,
 * so a final status is never replaced by a PENDING one.
 */
@Component
@EnableConfigurationProperties(StatusStoreProperties.class)
public class RequestStatusStore implements DisposableBean {

	/** The worker's rejection of a second body under a key another request already owns. */
	static final String KEY_REUSED = "idempotency_key_reused";

	private static final Logger log = LoggerFactory.getLogger(RequestStatusStore.class);

	/** Keys looked at per sweep step, so one step never holds the feed long. */
	private static final int SWEEP_STEP = 10_000;

	static {
		RocksDB.loadLibrary();
	}

	private final AvroSerde<RequestStatus> serde = AvroSerde.requestStatus();

	private final Clock clock;

	private final long retention;

	private final long goneRetention;

	private final long sweepInterval;

	private final Path directory;

	private final boolean temporary;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final RocksDB db;

	/** requestId: {@link Stored}. */
	private final ColumnFamilyHandle statuses;

	/** clinicId:idempotencyKey: {@link KeyOwner}. */
	private final ColumnFamilyHandle owners;

	/** requestId of a request past the retention: the time of its last status and its clinic. */
	private final ColumnFamilyHandle gone;

	/** topic:partition: the next offset to read. */
	private final ColumnFamilyHandle positions;

	/**
	 * No write-ahead log: statuses and positions are flushed together (atomic flush), so a crash loses
	 * both for the same records, which the next start reads again from Kafka.
	 */
	private final WriteOptions writeOptions = new WriteOptions().setDisableWAL(true);

	/** PENDING statuses this instance stored, by request id, until the feed has read their command. */
	private final Map<String, Stored> accepted = new ConcurrentHashMap<>();

	/** The key owners of {@link #accepted}. */
	private final Map<String, KeyOwner> acceptedOwners = new ConcurrentHashMap<>();

	private final Map<String, List<Consumer<RequestStatus>>> listeners = new ConcurrentHashMap<>();

	private final List<BiConsumer<RequestStatus, StatusPosition>> changeListeners = new CopyOnWriteArrayList<>();

	private final AtomicInteger history = new AtomicInteger();

	/** Where the running sweep goes on: a column family and the key after the last one looked at. */
	private ColumnFamilyHandle sweeping;

	private byte[] sweepFrom;

	private long nextSweep;

	RequestStatusStore(StatusStoreProperties properties, Clock clock) {
		this.clock = clock;
		this.retention = properties.retention().toMillis();
		this.goneRetention = properties.goneRetention().toMillis();
		this.sweepInterval = properties.sweepInterval().toMillis();
		this.temporary = properties.directory() == null;
		try {
			this.directory = this.temporary ? Files.createTempDirectory("gateway-status-")
					: Files.createDirectories(properties.directory());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create the status store's directory", ex);
		}
		LRUCache cache = own(new LRUCache(properties.cacheSize().toBytes()));
		BloomFilter bloom = own(new BloomFilter(10));
		// Index and filter blocks live in the block cache, so the cache bounds the store's memory.
		ColumnFamilyOptions columns = own(new ColumnFamilyOptions()
			.setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
				.setFilterPolicy(bloom)
				.setCacheIndexAndFilterBlocks(true)
				.setPinL0FilterAndIndexBlocksInCache(true))
			.setCompressionType(CompressionType.LZ4_COMPRESSION)
			.setWriteBufferSize(16L << 20));
		DBOptions options = own(new DBOptions().setCreateIfMissing(true)
			.setCreateMissingColumnFamilies(true)
			.setAtomicFlush(true)
			.setMaxBackgroundJobs(2)
			.setKeepLogFileNum(2));
		List<ColumnFamilyDescriptor> descriptors = Stream
			.of(RocksDB.DEFAULT_COLUMN_FAMILY, bytes("statuses"), bytes("owners"), bytes("gone"), bytes("positions"))
			.map((name) -> new ColumnFamilyDescriptor(name, columns))
			.toList();
		List<ColumnFamilyHandle> handles = new ArrayList<>();
		try {
			this.db = RocksDB.open(options, this.directory.toString(), descriptors, handles);
		}
		catch (RocksDBException ex) {
			throw new IllegalStateException("Cannot open the status store in " + this.directory
					+ " (one directory per running gateway)", ex);
		}
		handles.forEach(this::own);
		this.statuses = handles.get(1);
		this.owners = handles.get(2);
		this.gone = handles.get(3);
		this.positions = handles.get(4);
		this.nextSweep = clock.millis();
		log.info("Status store in {}: about {} requests, positions {}", this.directory, size(), positions());
	}

	/** A subscription to one request's changes; closing it stops the calls. */
	public interface Subscription extends AutoCloseable {

		@Override
		void close();

	}

	/**
	 * Where a status was read in {@code invoice.request-status}: the same on every instance, so it can
	 * name a change across instances (event ids).
	 */
	public record StatusPosition(int partition, long offset) {
	}

	/** A status read from a topic, with its record's time (its age for the retention). */
	record Update(RequestStatus status, StatusPosition position, long timestamp) {
	}

	/** The request's latest status, unless it is unknown or past the retention. */
	public Optional<RequestStatus> find(String requestId) {
		Stored stored = read(requestId);
		if (stored == null) {
			stored = this.accepted.get(requestId);
		}
		return (stored != null && !expired(stored.timestamp())) ? Optional.of(stored.status()) : Optional.empty();
	}

	/**
	 * Whether the clinic's request is known to have been here and is now past the retention. Another
	 * clinic's is never gone: it answers like an unknown one.
	 */
	public boolean isGone(String requestId, long clinicId) {
		Stored stored = read(requestId);
		if (stored != null) {
			return expired(stored.timestamp()) && stored.status().getClinicId() == clinicId;
		}
		byte[] tombstone = get(this.gone, bytes(requestId));
		if (tombstone == null) {
			return false;
		}
		ByteBuffer buffer = ByteBuffer.wrap(tombstone);
		long writtenAt = buffer.getLong();
		return buffer.getLong() == clinicId && this.clock.millis() < writtenAt + this.retention + this.goneRetention;
	}

	/**
	 * The body fingerprint of the request that owns this key of this clinic, when known and within the
	 * retention. A request the worker rejected for reusing the key never owns it.
	 */
	public Optional<String> ownerFingerprint(long clinicId, String idempotencyKey) {
		String key = Topics.commandKey(clinicId, idempotencyKey);
		KeyOwner owner = KeyOwner.better(readOwner(bytes(key)), this.acceptedOwners.get(key));
		return (owner != null && owner.rank() > KeyOwner.REUSE_REJECTED && !expired(owner.timestamp()))
				? Optional.of(owner.bodyFingerprint()) : Optional.empty();
	}

	/**
	 * Records the PENDING status a command this instance stored stands for, until the feed reads the
	 * command itself: the one place PENDING is derived.
	 * @return that PENDING status
	 */
	public RequestStatus accepted(CreateInvoice command) {
		RequestStatus pending = pending(command);
		if (read(pending.getRequestId()) == null) {
			long now = this.clock.millis();
			this.accepted.put(pending.getRequestId(), new Stored(pending, now));
			this.acceptedOwners.merge(Topics.commandKey(pending.getClinicId(), pending.getIdempotencyKey()),
					KeyOwner.of(pending, now), KeyOwner::better);
			notifyListeners(pending);
			notifyChangeListeners(pending, null);
		}
		return pending;
	}

	static RequestStatus pending(CreateInvoice command) {
		return RequestStatus.newBuilder()
			.setRequestId(command.getRequestId())
			.setClinicId(command.getClinicId())
			.setIdempotencyKey(command.getIdempotencyKey())
			.setBodyFingerprint(command.getBodyFingerprint())
			.setState(RequestState.PENDING)
			.setAcceptedAt(command.getAcceptedAt())
			.build();
	}

	/**
	 * Writes the statuses read from the topics, each unless a final one of its request is already
	 * stored, and the positions read up to, in one atomic write: after a crash the store and its
	 * positions agree. Then calls the listeners of what changed, in order. Called by the feed only.
	 * @return how many requests changed
	 */
	int apply(List<Update> updates, Map<TopicPartition, Long> readUpTo) {
		Map<String, Stored> written = new HashMap<>();
		Map<String, KeyOwner> writtenOwners = new HashMap<>();
		List<Update> changes = new ArrayList<>();
		try (WriteBatch batch = new WriteBatch()) {
			for (Update update : updates) {
				RequestStatus status = update.status();
				String requestId = status.getRequestId();
				Stored current = written.containsKey(requestId) ? written.get(requestId) : read(requestId);
				if (current != null && (current.status().equals(status)
						|| (isFinal(current.status()) && !isFinal(status)))) {
					log.debug("Kept requestId={} state={} over state={}", requestId, current.status().getState(),
							status.getState());
					continue;
				}
				Stored next = new Stored(status, update.timestamp());
				written.put(requestId, next);
				batch.put(this.statuses, bytes(requestId), next.encode(this.serde));
				String key = Topics.commandKey(status.getClinicId(), status.getIdempotencyKey());
				KeyOwner owner = writtenOwners.containsKey(key) ? writtenOwners.get(key) : readOwner(bytes(key));
				KeyOwner candidate = KeyOwner.of(status, update.timestamp());
				if (owner == null || owner.requestId().equals(requestId) || candidate.rank() > owner.rank()
						|| expired(owner.timestamp())) {
					writtenOwners.put(key, candidate);
					batch.put(this.owners, bytes(key), candidate.encode());
				}
				// What readers saw so far includes this instance's own PENDING: that one is no change.
				Stored seen = (current != null) ? current : this.accepted.get(requestId);
				if (seen == null || !seen.status().equals(status)) {
					changes.add(update);
				}
			}
			for (Map.Entry<TopicPartition, Long> position : readUpTo.entrySet()) {
				batch.put(this.positions, bytes(position.getKey().topic() + ":" + position.getKey().partition()),
						ByteBuffer.allocate(Long.BYTES).putLong(position.getValue()).array());
			}
			this.db.write(this.writeOptions, batch);
		}
		catch (RocksDBException ex) {
			throw new IllegalStateException("Cannot write to the status store", ex);
		}
		for (Update update : updates) {
			forgetAccepted(update.status());
		}
		for (Update change : changes) {
			notifyListeners(change.status());
			notifyChangeListeners(change.status(), change.position());
		}
		return written.size();
	}

	/** {@link #apply(List, Map)} of one status made here, not read from a topic. */
	boolean apply(RequestStatus status) {
		return apply(List.of(new Update(status, null, this.clock.millis())), Map.of()) > 0;
	}

	/**
	 * Hands a status record read again (it was stored before this start) to the listeners of all
	 * changes, as they saw it then: so a restarted instance again holds the latest changes a resumed
	 * clinic stream may ask for. Not compared with the store: a replay must stay cheap.
	 */
	void replayed(RequestStatus status, StatusPosition position) {
		notifyChangeListeners(status, position);
	}

	/** The next offset to read of each partition the store has read from. */
	Map<TopicPartition, Long> positions() {
		Map<TopicPartition, Long> read = new HashMap<>();
		try (RocksIterator iterator = this.db.newIterator(this.positions)) {
			for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
				String name = new String(iterator.key(), StandardCharsets.UTF_8);
				int colon = name.lastIndexOf(':');
				read.put(new TopicPartition(name.substring(0, colon), Integer.parseInt(name.substring(colon + 1))),
						ByteBuffer.wrap(iterator.value()).getLong());
			}
		}
		return read;
	}

	/**
	 * One step of the sweep, when one is due: requests past the retention leave the store (with their
	 * key's ownership) and their ids are kept as {@code gone}; ids past {@code goneRetention} leave
	 * too. Steps of a bounded number of keys, on the feed's thread, so it never races a write.
	 */
	void sweep() {
		long now = this.clock.millis();
		if (this.sweeping == null) {
			if (now < this.nextSweep) {
				return;
			}
			this.sweeping = this.statuses;
			this.sweepFrom = null;
			// Own PENDINGs the feed read back before they were added (a race of the two) go here.
			this.accepted.keySet().removeIf((requestId) -> read(requestId) != null);
			this.acceptedOwners.values().removeIf((owner) -> !this.accepted.containsKey(owner.requestId()));
		}
		int looked = 0;
		try (WriteBatch batch = new WriteBatch(); RocksIterator iterator = this.db.newIterator(this.sweeping)) {
			if (this.sweepFrom == null) {
				iterator.seekToFirst();
			}
			else {
				iterator.seek(this.sweepFrom);
				if (iterator.isValid() && Arrays.equals(iterator.key(), this.sweepFrom)) {
					iterator.next();
				}
			}
			for (; iterator.isValid() && looked < SWEEP_STEP; iterator.next(), looked++) {
				this.sweepFrom = iterator.key();
				if (this.sweeping == this.statuses) {
					sweepStatus(batch, iterator.key(), Stored.decode(iterator.value(), this.serde), now);
				}
				else if (ByteBuffer.wrap(iterator.value()).getLong() + this.retention + this.goneRetention <= now) {
					batch.delete(this.gone, iterator.key());
				}
			}
			if (!iterator.isValid()) {
				this.sweepFrom = null;
				this.sweeping = (this.sweeping == this.statuses) ? this.gone : null;
				if (this.sweeping == null) {
					this.nextSweep = now + this.sweepInterval;
				}
			}
			this.db.write(this.writeOptions, batch);
		}
		catch (RocksDBException ex) {
			throw new IllegalStateException("Cannot sweep the status store", ex);
		}
	}

	private void sweepStatus(WriteBatch batch, byte[] requestId, Stored stored, long now) throws RocksDBException {
		if (!expired(stored.timestamp(), now)) {
			return;
		}
		RequestStatus status = stored.status();
		batch.delete(this.statuses, requestId);
		batch.put(this.gone, requestId,
				ByteBuffer.allocate(2 * Long.BYTES).putLong(stored.timestamp()).putLong(status.getClinicId()).array());
		byte[] key = bytes(Topics.commandKey(status.getClinicId(), status.getIdempotencyKey()));
		KeyOwner owner = readOwner(key);
		if (owner != null && owner.requestId().equals(status.getRequestId())) {
			batch.delete(this.owners, key);
		}
	}

	/** Calls {@code listener} on every later change of the request, on the thread that made it. */
	public Subscription subscribe(String requestId, Consumer<RequestStatus> listener) {
		this.listeners.computeIfAbsent(requestId, (id) -> new CopyOnWriteArrayList<>()).add(listener);
		return () -> this.listeners.computeIfPresent(requestId, (id, list) -> {
			list.remove(listener);
			return list.isEmpty() ? null : list;
		});
	}

	/**
	 * Calls {@code listener} on every change of any request, with the position it was read at when it
	 * came from the status topic, on the thread that made the change, in the order of the changes; at
	 * start, first with up to about {@code history} of the latest records of the status topic that
	 * were read before it.
	 */
	public Subscription subscribeAll(BiConsumer<RequestStatus, StatusPosition> listener, int history) {
		this.history.accumulateAndGet(history, Math::max);
		this.changeListeners.add(listener);
		return () -> this.changeListeners.remove(listener);
	}

	/** How many of the latest status records read before this start the listeners of all changes want. */
	int history() {
		return this.history.get();
	}

	/** Requests stored, estimated by RocksDB. */
	long size() {
		try {
			return this.db.getLongProperty(this.statuses, "rocksdb.estimate-num-keys");
		}
		catch (RocksDBException ex) {
			return -1;
		}
	}

	Path directory() {
		return this.directory;
	}

	@Override
	public void destroy() {
		try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
			this.db.flush(flush, List.of(this.statuses, this.owners, this.gone, this.positions));
		}
		catch (RocksDBException ex) {
			log.warn("Cannot flush the status store; the next start reads again what was not flushed", ex);
		}
		this.writeOptions.close();
		this.db.close();
		// Handles and options after the database, in reverse order of creation.
		Collections.reverse(this.resources);
		for (AutoCloseable resource : this.resources) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				log.debug("Closing {} failed", resource, ex);
			}
		}
		if (this.temporary) {
			try {
				FileSystemUtils.deleteRecursively(this.directory);
			}
			catch (IOException ex) {
				log.warn("Cannot delete the status store's temporary directory {}", this.directory, ex);
			}
		}
	}

	private void forgetAccepted(RequestStatus status) {
		if (this.accepted.remove(status.getRequestId()) != null) {
			this.acceptedOwners.computeIfPresent(Topics.commandKey(status.getClinicId(), status.getIdempotencyKey()),
					(key, owner) -> owner.requestId().equals(status.getRequestId()) ? null : owner);
		}
	}

	private Stored read(String requestId) {
		byte[] value = get(this.statuses, bytes(requestId));
		return (value != null) ? Stored.decode(value, this.serde) : null;
	}

	private KeyOwner readOwner(byte[] key) {
		byte[] value = get(this.owners, key);
		return (value != null) ? KeyOwner.decode(value) : null;
	}

	private byte[] get(ColumnFamilyHandle family, byte[] key) {
		try {
			return this.db.get(family, key);
		}
		catch (RocksDBException ex) {
			throw new IllegalStateException("Cannot read the status store", ex);
		}
	}

	private boolean expired(long writtenAt) {
		return expired(writtenAt, this.clock.millis());
	}

	private boolean expired(long writtenAt, long now) {
		return writtenAt + this.retention <= now;
	}

	private <T extends AutoCloseable> T own(T resource) {
		this.resources.add(resource);
		return resource;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private void notifyListeners(RequestStatus status) {
		List<Consumer<RequestStatus>> subscribed = this.listeners.get(status.getRequestId());
		if (subscribed == null) {
			return;
		}
		for (Consumer<RequestStatus> listener : subscribed) {
			try {
				listener.accept(status);
			}
			catch (RuntimeException ex) {
				log.warn("Status listener failed for requestId={}", status.getRequestId(), ex);
			}
		}
	}

	private void notifyChangeListeners(RequestStatus status, StatusPosition position) {
		for (BiConsumer<RequestStatus, StatusPosition> listener : this.changeListeners) {
			try {
				listener.accept(status, position);
			}
			catch (RuntimeException ex) {
				log.warn("Status change listener failed for requestId={}", status.getRequestId(), ex);
			}
		}
	}

	static boolean isFinal(RequestStatus status) {
		return status.getState() != RequestState.PENDING;
	}

	/** A stored status and the time of the record it came from, which its retention counts from. */
	record Stored(RequestStatus status, long timestamp) {

		byte[] encode(AvroSerde<RequestStatus> serde) {
			byte[] avro = serde.encode(this.status);
			return ByteBuffer.allocate(Long.BYTES + avro.length).putLong(this.timestamp).put(avro).array();
		}

		static Stored decode(byte[] value, AvroSerde<RequestStatus> serde) {
			return new Stored(serde.decode(Arrays.copyOfRange(value, Long.BYTES, value.length)),
					ByteBuffer.wrap(value).getLong());
		}

	}

	/**
	 * The request known to hold a key. Requests of one key may sit on different partitions and be
	 * read in any order, so the owner is chosen by rank, not by arrival: a final status beats a
	 * PENDING one, which beats a rejection for reusing the key; among equals, the first seen stays.
	 */
	record KeyOwner(String requestId, String bodyFingerprint, int rank, long timestamp) {

		static final int REUSE_REJECTED = 0;

		static final int PENDING = 1;

		static final int FINAL = 2;

		static KeyOwner of(RequestStatus status, long timestamp) {
			int rank = (status.getState() == RequestState.REJECTED && KEY_REUSED.equals(status.getErrorCode()))
					? REUSE_REJECTED : isFinal(status) ? FINAL : PENDING;
			return new KeyOwner(status.getRequestId(), status.getBodyFingerprint(), rank, timestamp);
		}

		static KeyOwner better(KeyOwner current, KeyOwner incoming) {
			if (current == null) {
				return incoming;
			}
			return (incoming != null && (current.requestId().equals(incoming.requestId())
					|| incoming.rank() > current.rank())) ? incoming : current;
		}

		byte[] encode() {
			byte[] id = bytes(this.requestId);
			byte[] fingerprint = bytes(this.bodyFingerprint);
			return ByteBuffer.allocate(1 + Long.BYTES + Integer.BYTES + id.length + fingerprint.length)
				.put((byte) this.rank)
				.putLong(this.timestamp)
				.putInt(id.length)
				.put(id)
				.put(fingerprint)
				.array();
		}

		static KeyOwner decode(byte[] value) {
			ByteBuffer buffer = ByteBuffer.wrap(value);
			int rank = buffer.get();
			long timestamp = buffer.getLong();
			int idLength = buffer.getInt();
			String requestId = new String(value, buffer.position(), idLength, StandardCharsets.UTF_8);
			int fingerprintAt = buffer.position() + idLength;
			return new KeyOwner(requestId,
					new String(value, fingerprintAt, value.length - fingerprintAt, StandardCharsets.UTF_8), rank,
					timestamp);
		}

	}

}
