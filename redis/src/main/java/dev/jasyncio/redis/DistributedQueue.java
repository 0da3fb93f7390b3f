package dev.jasyncio.redis;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.QueueEmptyException;
import dev.jasyncio.QueueFullException;
import dev.jasyncio.QueueShutDownException;
import dev.jasyncio.Task;
import dev.jasyncio.internal.CoreAccess;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XPendingParams;
import redis.clients.jedis.params.XReadGroupParams;
import redis.clients.jedis.resps.StreamEntryBinary;
import redis.clients.jedis.resps.StreamPendingEntry;

/**
 * asyncio's {@link dev.jasyncio.Queue} across processes and machines, on a Redis stream with a
 * consumer group: {@code put} is {@code XADD}, {@code get} is {@code XREADGROUP BLOCK},
 * {@code taskDone} is {@code XACK} (and {@code XDEL}), and {@code join} waits until every item
 * put by anyone was marked done by anyone.
 *
 * <pre>{@code
 * try (DistributedQueue<String> q = DistributedQueue.builder("redis://127.0.0.1:6379", "jobs",
 *     Codec.strings()).build()) {
 *   q.put("resize cat.png");                        // producer, in one process
 *   Delivery<String> job = q.get();                 // consumer, in this or any other process
 *   if (seen.add(job.id())) handle(job.value());    // at-least-once: de-duplicate by id
 *   q.taskDone(job);
 *   q.join();                                       // every item put was marked done
 * }
 * }</pre>
 *
 * <h2>Delivery: at-least-once, nothing lost</h2>
 * An item leaves Redis only through {@link #taskDone(Delivery)}. A consumer that dies holding an
 * item (a crash, SIGKILL, a lost machine) leaves it pending; once it has been pending longer
 * than the {@linkplain Builder#visibilityTimeout(Duration) visibility timeout} another
 * consumer's {@code get} claims it ({@code XAUTOCLAIM}) and it is delivered again, with a higher
 * {@link Delivery#deliveries()} and the same {@link Delivery#id()}. An item delivered more than
 * {@linkplain Builder#maxDeliveries(int) N times} is a poison item: it moves to the dead-letter
 * stream ({@link #deadLetters(int)}) and the queue goes on. A {@code get} cancelled at any moment
 * loses nothing: an entry read from Redis but not yet handed over stays with this queue for the
 * next {@code get}, and {@link #close()} hands it back to the group.
 *
 * <h2>Faults</h2>
 * Every operation retries with backoff ({@link Async#sleep}, so a virtual clock drives it in
 * tests) while Redis is unreachable or still loading its data after a restart, and throws
 * {@link RedisUnavailableException} once that lasted longer than the
 * {@linkplain Builder#retryTimeout(Duration) retry timeout}. Work acknowledged before a restart
 * stays done (if Redis persists it: {@code appendonly yes}); work pending is delivered again.
 *
 * <h2>Tasks and connections</h2>
 * Jedis's socket calls block the calling thread: each runs in a blocking section ({@link
 * Async#blocking}), which on the carrier backend stays on the loop, where the socket wait parks
 * only the calling task. Connections
 * come from a pool ({@linkplain Builder#poolSize(int) 16} by default): a blocked {@code get}
 * holds one for up to the {@linkplain Builder#pollInterval(Duration) poll interval}, so give the
 * pool at least one connection per task that may wait in {@code get} at once, plus a few. One
 * queue object may be used by many tasks at once; every process (or every consumer of one
 * process) that should share the work uses its own {@linkplain Builder#consumer(String) consumer
 * name}.
 *
 * @param <T> the item type
 */
public final class DistributedQueue<T> implements AutoCloseable {
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(20);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(1);

  private final RedisClient redis;
  private final Codec<T> codec;
  private final String where;
  private final String name;
  private final String group;
  private final String consumer;
  private final int maxsize;
  private final int maxDeliveries;
  private final int prefetch;
  private final Duration visibilityTimeout;
  private final Duration pollInterval;
  private final Duration retryTimeout;
  private final List<byte[]> keys;
  private final byte[] groupBytes;
  private final byte[] consumerBytes;

  /** Entries read from Redis and not handed to a caller yet. */
  private final ConcurrentLinkedDeque<Delivery<T>> buffered = new ConcurrentLinkedDeque<>();
  /** Entry ids handed to callers and not marked done: pending in Redis, but not orphans. */
  private final Set<String> handedOut = ConcurrentHashMap.newKeySet();
  /** Entries the codec rejected, with why: on their way to the dead-letter stream. */
  private final ConcurrentLinkedQueue<Rejected> undecodable = new ConcurrentLinkedQueue<>();
  private final AtomicInteger activeReads = new AtomicInteger();
  private final AtomicLong readsStarted = new AtomicLong();
  /** A read failed or was cancelled: entries Redis delivered may be pending here unseen. */
  private volatile boolean orphansSuspected;
  /**
   * Until then a cancelled read may still be served: Redis notices the closed connection late,
   * so its blocked read can take an entry up to a poll interval after the cancellation.
   */
  private long orphansUntilNanos;
  private volatile String claimCursor = "0-0";
  private volatile long nextClaimNanos;
  private volatile boolean closed;

  private DistributedQueue(Builder<T> b, RedisClient redis, String where) {
    this.redis = redis;
    this.codec = b.codec;
    this.where = where;
    this.name = b.name;
    this.group = b.group;
    this.consumer = b.consumer != null ? b.consumer : defaultConsumerName();
    this.maxsize = b.maxsize;
    this.maxDeliveries = b.maxDeliveries;
    this.prefetch = b.prefetch;
    this.visibilityTimeout = b.visibilityTimeout;
    this.pollInterval = b.pollInterval;
    this.retryTimeout = b.retryTimeout;
    this.keys = List.of(bytes(name), bytes(name + ":shutdown"), bytes(deadLetterStream()));
    this.groupBytes = bytes(group);
    this.consumerBytes = bytes(consumer);
  }

  /**
   * Starts configuring a queue.
   *
   * @param url where Redis is: {@code redis://[user:password@]host:port[/database]}
   * @param name the stream's key; every process of one queue uses the same name
   * @param codec how items become bytes
   * @param <T> the item type
   * @return a builder
   * @throws IllegalArgumentException if the URL is not a {@code redis://} URL with a host and port,
   *     or the name is blank
   */
  public static <T> Builder<T> builder(String url, String name, Codec<T> codec) {
    return new Builder<>(url, name, codec);
  }

  // ---------------------------------------------------------------------------------------------
  // Producing

  /**
   * Adds an item with a fresh random id, suspending the calling task while the queue is full.
   *
   * @param item the item, not null
   * @return the item's id (what {@link Delivery#id()} will say)
   * @throws QueueShutDownException if the queue is shut down
   * @throws RedisUnavailableException if Redis stayed unreachable for the retry timeout
   */
  public String put(T item) {
    return put(UUID.randomUUID().toString(), item);
  }

  /**
   * Adds an item under an id of the caller's choosing (for example a job's natural key),
   * suspending the calling task while {@code maxsize} items wait. A put retried after a lost
   * reply may add the item twice; both copies carry this id.
   *
   * @param id the item's id, not blank
   * @param item the item, not null
   * @return {@code id}
   * @throws QueueShutDownException if the queue is shut down
   * @throws RedisUnavailableException if Redis stayed unreachable for the retry timeout
   */
  public String put(String id, T item) {
    byte[][] args = putArgs(id, item);
    Duration wait = Duration.ofMillis(1);
    while (call("put", r -> Scripts.PUT.call(r, keys, List.of(args))) == null) {
      Async.sleep(wait); // full: back-pressure, polled
      wait = min(wait.multipliedBy(2), pollInterval);
    }
    return id;
  }

  /**
   * Adds an item without waiting for room.
   *
   * @param item the item, not null
   * @return the item's id
   * @throws QueueFullException if {@code maxsize} items wait
   * @throws QueueShutDownException if the queue is shut down
   */
  public String putNowait(T item) {
    String id = UUID.randomUUID().toString();
    byte[][] args = putArgs(id, item);
    if (call("putNowait", r -> Scripts.PUT.call(r, keys, List.of(args))) == null) {
      throw new QueueFullException("DistributedQueue.putNowait: '" + name + "' is full (maxsize " + maxsize + ")");
    }
    return id;
  }

  private byte[][] putArgs(String id, T item) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(item, "DistributedQueue items must not be null");
    if (id.isBlank()) {
      throw new IllegalArgumentException("an item id must not be blank");
    }
    byte[] payload = Objects.requireNonNull(codec.encode(item), "the codec encoded an item as null");
    return new byte[][] {groupBytes, bytes(Integer.toString(maxsize)), bytes(id), payload};
  }

  // ---------------------------------------------------------------------------------------------
  // Consuming

  /**
   * Takes the next item, suspending the calling task while there is none. Items pending longer
   * than the visibility timeout with a consumer that did not finish them come first.
   *
   * @return the delivery; pass it to {@link #taskDone(Delivery)} when the work is done
   * @throws QueueShutDownException if the queue is shut down and every item is done (or at once after an
   *     immediate shutdown)
   * @throws RedisUnavailableException if Redis stayed unreachable for the retry timeout
   * @throws dev.jasyncio.CancelledException if the task is cancelled (no item is lost)
   */
  public Delivery<T> get() {
    while (true) {
      Delivery<T> d = next("get", pollInterval);
      if (d != null) {
        return d;
      }
    }
  }

  /**
   * Takes an item if one can be had at once.
   *
   * @return the delivery
   * @throws QueueEmptyException if no item waits
   * @throws QueueShutDownException if the queue is shut down and every item is done
   */
  public Delivery<T> getNowait() {
    Delivery<T> d = next("getNowait", null);
    if (d == null) {
      throw new QueueEmptyException("DistributedQueue.getNowait: no item waits in '" + name + "'");
    }
    return d;
  }

  /** One attempt; a delivery only if the calling task will return it (see {@link #keepUnlessCancelled}). */
  private Delivery<T> next(String what, Duration block) {
    Delivery<T> d = take(what, block);
    return d == null ? null : keepUnlessCancelled(d);
  }

  /**
   * A task whose cancellation was requested and never thrown ends cancelled even when its body
   * returned (asyncio drops the result of a task cancelled at its end). On the portable backend a
   * read runs beside the loop, so it can return entries after such a request: the delivery would
   * go down with the task's result. It goes back to the buffer, for the next {@code get}, and the
   * cancellation is thrown here instead.
   */
  private Delivery<T> keepUnlessCancelled(Delivery<T> d) {
    Task<?> me = Async.currentTask();
    if (me == null || me.cancelling() == 0) {
      return d; // the common case: no suspension point between the hand-over and the return
    }
    try {
      Async.sleep(Duration.ZERO); // throws if the cancellation applies here (no shield)
      return d;
    } catch (CancelledException e) {
      handedOut.remove(d.entryId());
      buffered.addFirst(d);
      throw e;
    }
  }

  /** One attempt: the buffer, orphans, claims, then a read (blocking up to {@code block}). */
  private Delivery<T> take(String what, Duration block) {
    checkOpen(what);
    Delivery<T> d = handOver();
    if (d != null) {
      return d;
    }
    if (orphansSuspected) {
      reclaimOrphans();
      if ((d = handOver()) != null) {
        return d;
      }
    }
    if (System.nanoTime() - nextClaimNanos >= 0) {
      claim();
      if ((d = handOver()) != null) {
        return d;
      }
    }
    read(block);
    if ((d = handOver()) != null) {
      return d;
    }
    Sizes s = sizes(what);
    if (s.immediate() || s.shutDown() && s.unfinished() == 0) {
      throw new QueueShutDownException("DistributedQueue." + what + ": '" + name + "' is shut down"
          + (s.immediate() ? "" : " and every item is done"));
    }
    return null;
  }

  /** Hands a buffered entry to the caller; no suspension point between poll and return. */
  private Delivery<T> handOver() {
    Delivery<T> d = buffered.poll();
    if (d != null) {
      handedOut.add(d.entryId());
    }
    return d;
  }

  private void read(Duration block) {
    XReadGroupParams params = XReadGroupParams.xReadGroupParams().count(prefetch);
    if (block != null) {
      params.block((int) Math.max(1, block.toMillis()));
    }
    Map<byte[], StreamEntryID> streams = Map.of(keys.get(0), StreamEntryID.XREADGROUP_UNDELIVERED_ENTRY);
    reading(() -> {
      var reply = call("get", r -> r.xreadGroupBinary(groupBytes, consumerBytes, params, streams));
      List<RawEntry> raw = new ArrayList<>();
      if (reply != null) {
        for (var stream : reply) {
          for (StreamEntryBinary e : stream.getValue()) {
            raw.add(RawEntry.of(e.getID().toString(), e.getFields(), 1));
          }
        }
      }
      accept(raw); // into the buffer before a suspension point can cancel us
    });
    deadLetterUndecodable();
  }

  /**
   * Runs a step that makes entries this consumer's (a read, a claim) and puts them in the buffer.
   * While one runs, entries may be pending here that the buffer does not show yet, so the orphan
   * check waits; if one fails or is cancelled, what it took may be pending unseen.
   */
  private void reading(Runnable step) {
    activeReads.incrementAndGet();
    readsStarted.incrementAndGet();
    boolean completed = false;
    try {
      step.run();
      completed = true;
    } finally {
      if (!completed) {
        suspectOrphans();
      }
      activeReads.decrementAndGet();
    }
  }

  /** Decodes entries into the buffer; undecodable ones are set aside for the dead-letter stream. */
  private void accept(List<RawEntry> entries) {
    for (RawEntry e : entries) {
      String problem;
      if (e.payload() == null || e.id() == null) {
        problem = "not a queue entry: it has no 'id' and 'v' fields";
      } else {
        try {
          T value = codec.decode(e.payload());
          buffered.add(new Delivery<>(e.id(), value, e.deliveries(), e.entryId()));
          continue;
        } catch (RuntimeException ex) {
          problem = "the codec could not decode it: " + ex;
        }
      }
      undecodable.add(new Rejected(e, problem));
    }
  }

  private void deadLetterUndecodable() {
    Rejected bad;
    while ((bad = undecodable.poll()) != null) {
      RawEntry e = bad.entry();
      List<byte[]> args = List.of(groupBytes, bytes(e.entryId()), bytes(Long.toString(e.deliveries())),
          bytes(bad.reason()), bytes(e.id() == null ? "" : e.id()),
          e.payload() == null ? new byte[0] : e.payload());
      call("dead-letter", r -> Scripts.DEAD_LETTER.call(r, keys, args));
    }
  }

  /** XAUTOCLAIM: entries idle past the visibility timeout become this consumer's. */
  private void claim() {
    List<byte[]> args = List.of(groupBytes, consumerBytes, bytes(Long.toString(visibilityTimeout.toMillis())),
        bytes(claimCursor), bytes(Integer.toString(Math.max(prefetch, 10))),
        bytes(Integer.toString(maxDeliveries)));
    reading(() -> {
      List<?> reply = (List<?>) call("claim", r -> Scripts.AUTOCLAIM.call(r, keys, args));
      String cursor = string(reply.get(0));
      List<RawEntry> entries = RawEntry.fromScript((List<?>) reply.get(1));
      claimCursor = cursor;
      if ("0-0".equals(cursor) && entries.isEmpty()) {
        // a full pass found nothing: look again when something could have timed out
        long every = Math.max(pollInterval.toNanos(), visibilityTimeout.toNanos() / 2);
        nextClaimNanos = System.nanoTime() + every;
      }
      accept(entries);
    });
    deadLetterUndecodable();
  }

  /** Takes back this consumer's pending entries that a failed or cancelled read left unseen. */
  private void reclaimOrphans() {
    if (!activeReads.compareAndSet(0, 1)) {
      return; // another read (or check) may be on its way in; look when none is
    }
    try {
      long started = readsStarted.incrementAndGet();
      long checkedAt = System.nanoTime();
      List<StreamPendingEntry> mine = call("get", r -> r.xpending(name, group,
          XPendingParams.xPendingParams().count(1000).consumer(consumer)));
      if (activeReads.get() != 1 || readsStarted.get() != started) {
        return; // a read started meanwhile: what it takes is not an orphan; look again later
      }
      List<byte[]> args = new ArrayList<>(List.of(groupBytes, consumerBytes));
      for (String id : orphans(mine)) {
        args.add(bytes(id));
      }
      if (args.size() > 2) {
        accept(RawEntry.fromScript((List<?>) call("get", r -> Scripts.RECLAIM.call(r, keys, args))));
      }
      synchronized (this) {
        if (checkedAt - orphansUntilNanos >= 0) {
          orphansSuspected = false; // no cancelled read can be served after this check
        }
      }
    } finally {
      activeReads.decrementAndGet();
    }
    deadLetterUndecodable();
  }

  private synchronized void suspectOrphans() {
    orphansUntilNanos = System.nanoTime() + 2 * pollInterval.toNanos() + Duration.ofMillis(100).toNanos();
    orphansSuspected = true;
  }

  private List<String> orphans(List<StreamPendingEntry> mine) {
    Set<String> known = new HashSet<>(handedOut);
    for (Delivery<T> d : buffered) {
      known.add(d.entryId());
    }
    List<String> out = new ArrayList<>();
    for (StreamPendingEntry p : mine) {
      String id = p.getID().toString();
      if (!known.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * Marks a delivered item done: it leaves Redis ({@code XACK} and {@code XDEL} in one step) and
   * is never delivered again. asyncio's {@code task_done}, with the item named, since many
   * processes finish items at once.
   *
   * @param delivery what {@link #get()} returned
   * @return true if this call finished the item; false if it was already done (another consumer
   *     that claimed it after the visibility timeout finished it first)
   * @throws RedisUnavailableException if Redis stayed unreachable for the retry timeout (the item
   *     stays pending and is delivered again)
   */
  public boolean taskDone(Delivery<T> delivery) {
    Objects.requireNonNull(delivery, "delivery");
    List<byte[]> args = List.of(groupBytes, bytes(delivery.entryId()));
    boolean first = ((Long) call("taskDone", r -> Scripts.ACK.call(r, keys, args))) == 1L;
    handedOut.remove(delivery.entryId());
    return first;
  }

  // ---------------------------------------------------------------------------------------------
  // The whole queue

  /**
   * Suspends the calling task until every item put (by any process) was marked done, or the
   * queue was shut down immediately. Polls Redis, at most every poll interval.
   *
   * @throws RedisUnavailableException if Redis stayed unreachable for the retry timeout
   */
  public void join() {
    Duration wait = Duration.ofMillis(1);
    while (true) {
      Sizes s = sizes("join");
      if (s.unfinished() == 0 || s.immediate()) {
        return;
      }
      Async.sleep(wait);
      wait = min(wait.multipliedBy(2), pollInterval);
    }
  }

  /**
   * The number of items waiting to be delivered (not counting those a consumer holds).
   *
   * @return the queue's size
   */
  public long qsize() {
    return sizes("qsize").waiting();
  }

  /**
   * The number of items put and not yet marked done: waiting ones and those consumers hold.
   *
   * @return the unfinished count
   */
  public long unfinished() {
    return sizes("unfinished").unfinished();
  }

  /**
   * Whether no item waits to be delivered.
   *
   * @return true when {@link #qsize()} is 0
   */
  public boolean isEmpty() {
    return qsize() == 0;
  }

  /**
   * Whether {@code maxsize} items wait (never, for an unbounded queue).
   *
   * @return true when a {@link #put} would wait
   */
  public boolean isFull() {
    return maxsize > 0 && qsize() >= maxsize;
  }

  /**
   * The bound on waiting items.
   *
   * @return maxsize, 0 for unbounded
   */
  public int maxsize() {
    return maxsize;
  }

  /**
   * Whether some process shut the queue down (puts fail; gets end once every item is done).
   *
   * @return true after {@link #shutdown()} or {@link #shutdown(boolean)} anywhere
   */
  public boolean isShutDown() {
    return sizes("isShutDown").shutDown();
  }

  /**
   * Shuts the queue down for every process (asyncio 3.13): puts fail with {@link QueueShutDownException}
   * at once; gets go on until every item is done, then fail the same way.
   */
  public void shutdown() {
    shutdown(false);
  }

  /**
   * Shuts the queue down for every process.
   *
   * @param immediate also drop the items that wait, and make gets and joins return at once (items
   *     that consumers hold can still be marked done)
   */
  public void shutdown(boolean immediate) {
    String mode = immediate ? "immediate" : "graceful";
    call("shutdown", r -> Scripts.SHUTDOWN.call(r, keys, List.of(bytes(mode))));
    if (immediate) {
      buffered.clear();
    }
  }

  /**
   * Up to {@code max} of the items the queue gave up on, oldest first.
   *
   * @param max how many at most
   * @return the dead letters
   */
  public List<DeadLetter> deadLetters(int max) {
    return deadLetters("-", max);
  }

  /**
   * Up to {@code max} of the items the queue gave up on after a given one, oldest first: pass the
   * last {@link DeadLetter#entryId()} seen to watch for new ones without reading old ones again.
   *
   * <pre>{@code
   * String seen = "0-0";
   * for (DeadLetter d : q.deadLetters(seen, 100)) {
   *   report(d);
   *   seen = d.entryId();
   * }
   * }</pre>
   *
   * @param after a dead-letter entry id ({@code 0-0}: from the start); that entry is not included
   * @param max how many at most
   * @return the dead letters
   */
  public List<DeadLetter> deadLetters(String after, int max) {
    Objects.requireNonNull(after, "after");
    byte[] start = bytes("-".equals(after) ? "-" : "(" + after);
    List<Object> entries = call("deadLetters", r -> r.xrange(keys.get(2), start, bytes("+"), max));
    List<DeadLetter> out = new ArrayList<>();
    for (Object o : entries) {
      List<?> e = (List<?>) o;
      Map<String, byte[]> f = RawEntry.fields((List<?>) e.get(1));
      byte[] id = f.get("id");
      byte[] deliveries = f.get("deliveries");
      byte[] reason = f.get("reason");
      out.add(new DeadLetter(id == null ? null : string(id), f.get("v"),
          deliveries == null ? 0 : Long.parseLong(string(deliveries)), reason == null ? null : string(reason),
          string(e.get(0))));
    }
    return out;
  }

  /**
   * Deletes the queue from Redis: its stream, group, dead letters and shutdown flag. For tests and
   * fresh starts; items still in it are gone.
   */
  public void delete() {
    call("delete", r -> r.del(keys.toArray(new byte[0][])));
    buffered.clear();
    handedOut.clear();
  }

  /**
   * The stream's key.
   *
   * @return the queue's name
   */
  public String name() {
    return name;
  }

  /**
   * This process's name in the consumer group.
   *
   * @return the consumer name
   */
  public String consumer() {
    return consumer;
  }

  /**
   * The key of the dead-letter stream: the queue's name with {@code :dead} appended.
   *
   * @return the dead-letter stream's key
   */
  public String deadLetterStream() {
    return name + ":dead";
  }

  /**
   * Hands entries read but not handed over back to the group (other consumers may claim them at
   * once) and closes the connections. Items handed out and not marked done stay pending and are
   * delivered again after the visibility timeout. Best effort: if Redis is gone, those entries
   * wait for the visibility timeout instead. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      List<byte[]> args = new ArrayList<>(List.of(groupBytes, consumerBytes,
          bytes(Long.toString(visibilityTimeout.toMillis() + 1))));
      Delivery<T> d;
      while ((d = buffered.poll()) != null) {
        args.add(bytes(d.entryId()));
      }
      if (orphansSuspected && activeReads.get() == 0) {
        for (String id : orphans(redis.xpending(name, group,
            XPendingParams.xPendingParams().count(1000).consumer(consumer)))) {
          args.add(bytes(id));
        }
      }
      if (args.size() > 3) {
        Scripts.RELEASE.call(redis, keys, args);
      }
    } catch (JedisException e) {
      // Redis is gone: the entries stay pending and are claimed after the visibility timeout
    } finally {
      redis.close();
    }
  }

  @Override
  public String toString() {
    return "DistributedQueue[" + name + " at " + where + ", group " + group + ", consumer " + consumer + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // Talking to Redis

  private record Rejected(RawEntry entry, String reason) {}

  private record Sizes(long unfinished, long waiting, boolean shutDown, boolean immediate) {}

  private Sizes sizes(String what) {
    List<?> r = (List<?>) call(what, c -> Scripts.SIZES.call(c, keys, List.of(groupBytes)));
    String flag = r.size() > 2 && r.get(2) != null ? string(r.get(2)) : null;
    return new Sizes((Long) r.get(0), (Long) r.get(1), flag != null, "immediate".equals(flag));
  }

  /**
   * Runs one Redis operation from the calling task, retrying with backoff while Redis is
   * unreachable, re-creating the group if Redis lost it, and naming what failed.
   */
  private <R> R call(String what, Function<UnifiedJedis, R> op) {
    double deadline = Async.currentLoop().time() + seconds(retryTimeout);
    Duration backoff = FIRST_BACKOFF;
    while (true) {
      RuntimeException failure;
      try {
        return CoreAccess.get().blockingSocketCall(() -> interruptible(what, op));
      } catch (JedisConnectionException e) {
        redis.getPool().clear(); // after a restart every idle connection is dead
        failure = e;
      } catch (JedisDataException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("SHUTDOWN")) {
          throw new QueueShutDownException("DistributedQueue." + what + ": '" + name + "' is shut down");
        } else if (m.startsWith("NOGROUP")) {
          createGroup(); // Redis lost its data (restarted without persistence), or first use
          continue;
        } else if (!m.startsWith("LOADING") && !m.startsWith("BUSY ") && !m.startsWith("MASTERDOWN")) {
          throw new IllegalStateException("DistributedQueue." + what + " on '" + name + "' at " + where
              + ": Redis said: " + m, e);
        }
        failure = e;
      } catch (JedisException e) {
        if (!(e.getCause() instanceof JedisConnectionException) && !(e.getCause() instanceof java.util.NoSuchElementException)) {
          throw e;
        }
        failure = e; // no connection from the pool: it could not connect, or all are busy
      }
      double now = Async.currentLoop().time();
      if (now >= deadline) {
        throw new RedisUnavailableException("DistributedQueue." + what + ": Redis at " + where
            + " unreachable for " + retryTimeout.toMillis() + " ms: " + failure.getMessage(), failure);
      }
      Async.sleep(min(backoff, Duration.ofNanos((long) ((deadline - now) * 1e9)).plusMillis(1)));
      backoff = min(backoff.multipliedBy(2), MAX_BACKOFF);
    }
  }

  /**
   * Jedis wraps the JDK's "closed by interrupt" in its own exception; unwrapped here so that
   * {@link Async#blocking} sees the interrupt and the caller gets its cancellation.
   */
  private <R> R interruptible(String what, Function<UnifiedJedis, R> op) throws InterruptedIOException {
    try {
      return op.apply(redis);
    } catch (JedisException e) {
      if (Thread.currentThread().isInterrupted() || causedByInterrupt(e)) {
        InterruptedIOException interrupted = new InterruptedIOException("DistributedQueue." + what + " interrupted");
        interrupted.initCause(e);
        throw interrupted;
      }
      throw e;
    }
  }

  private static boolean causedByInterrupt(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedException || t instanceof InterruptedIOException
          || t instanceof java.nio.channels.ClosedByInterruptException
          || t instanceof java.net.SocketException && "Closed by interrupt".equals(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  private void createGroup() {
    try {
      CoreAccess.get().blockingSocketCall(() -> redis.xgroupCreate(name, group, new StreamEntryID(), true));
    } catch (JedisDataException e) {
      if (!String.valueOf(e.getMessage()).startsWith("BUSYGROUP")) {
        throw e;
      }
    }
  }

  private void checkOpen(String what) {
    if (closed) {
      throw new IllegalStateException("DistributedQueue." + what + ": the queue is closed");
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String string(Object redisBytes) {
    return new String((byte[]) redisBytes, StandardCharsets.UTF_8);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  private static String defaultConsumerName() {
    String host = Async.toThread(() -> { // a name lookup: off the loop
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        return "localhost";
      }
    });
    return host + "-" + ProcessHandle.current().pid() + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000));
  }

  /**
   * A {@link DistributedQueue}'s settings. Every process of one queue should agree on the URL,
   * name, group, visibility timeout, delivery limit and maxsize.
   *
   * @param <T> the item type
   */
  public static final class Builder<T> {
    private final URI url;
    private final String name;
    private final Codec<T> codec;
    private String group = "workers";
    private String consumer;
    private int maxsize;
    private int maxDeliveries = 5;
    private int prefetch = 1;
    private int poolSize = 16;
    private Duration visibilityTimeout = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration retryTimeout = Duration.ofSeconds(30);
    private Duration socketTimeout = Duration.ofSeconds(5);

    private Builder(String url, String name, Codec<T> codec) {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(name, "name");
      this.codec = Objects.requireNonNull(codec, "codec");
      if (name.isBlank()) {
        throw new IllegalArgumentException("a queue name must not be blank");
      }
      try {
        this.url = new URI(url);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a Redis URL: '" + url + "' (" + e.getMessage() + ")", e);
      }
      if (!"redis".equals(this.url.getScheme()) || this.url.getHost() == null || this.url.getPort() < 0) {
        throw new IllegalArgumentException("a Redis URL looks like redis://HOST:PORT[/DB], not '" + url + "'");
      }
      this.name = name;
    }

    /**
     * The consumer group; processes in one group share the items, each item goes to one of them.
     *
     * @param group the group name, {@code workers} unless set
     * @return this builder
     */
    public Builder<T> group(String group) {
      this.group = requireText(group, "group");
      return this;
    }

    /**
     * This process's name in the group. Unique per process unless set (host, pid, random); set it
     * to a stable name to have a restarted process take back its own pending items at once.
     *
     * @param consumer the consumer name
     * @return this builder
     */
    public Builder<T> consumer(String consumer) {
      this.consumer = requireText(consumer, "consumer");
      return this;
    }

    /**
     * At most this many items wait to be delivered; {@code put} suspends while that many do.
     *
     * @param maxsize the bound; 0 (the default) or less means unbounded, as in asyncio
     * @return this builder
     */
    public Builder<T> maxsize(int maxsize) {
      this.maxsize = Math.max(0, maxsize);
      return this;
    }

    /**
     * How long an item may stay with a consumer without {@code taskDone} before another consumer
     * may claim it. Longer than the slowest item's work, or items get processed twice.
     *
     * @param timeout positive, 30 s unless set
     * @return this builder
     */
    public Builder<T> visibilityTimeout(Duration timeout) {
      this.visibilityTimeout = requirePositive(timeout, "visibilityTimeout");
      return this;
    }

    /**
     * An item delivered this many times without {@code taskDone} goes to the dead-letter stream
     * instead of a further delivery.
     *
     * @param n at least 1, 5 unless set
     * @return this builder
     */
    public Builder<T> maxDeliveries(int n) {
      this.maxDeliveries = atLeastOne(n, "maxDeliveries");
      return this;
    }

    /**
     * How many entries one read may take from Redis ahead of the callers (they wait in this
     * process, pending in Redis, their visibility timeout running).
     *
     * @param n at least 1, 1 unless set
     * @return this builder
     */
    public Builder<T> prefetch(int n) {
      this.prefetch = atLeastOne(n, "prefetch");
      return this;
    }

    /**
     * The most connections this queue opens at once.
     *
     * @param n at least 1, 16 unless set
     * @return this builder
     */
    public Builder<T> poolSize(int n) {
      this.poolSize = atLeastOne(n, "poolSize");
      return this;
    }

    /**
     * How long one blocking read waits in Redis before {@code get} looks for timed-out items and
     * a shutdown; also the longest pause between polls of a full {@code put} and of
     * {@code join}.
     *
     * @param interval positive, 500 ms unless set
     * @return this builder
     */
    public Builder<T> pollInterval(Duration interval) {
      this.pollInterval = requirePositive(interval, "pollInterval");
      return this;
    }

    /**
     * How long an operation keeps retrying while Redis is unreachable before it throws
     * {@link RedisUnavailableException}.
     *
     * @param timeout not negative, 30 s unless set
     * @return this builder
     */
    public Builder<T> retryTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "retryTimeout");
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("retryTimeout must not be negative, not " + timeout);
      }
      this.retryTimeout = timeout;
      return this;
    }

    /**
     * How long one connect or one reply may take before the attempt counts as failed (and is
     * retried within the retry timeout).
     *
     * @param timeout positive, 5 s unless set
     * @return this builder
     */
    public Builder<T> socketTimeout(Duration timeout) {
      this.socketTimeout = requirePositive(timeout, "socketTimeout");
      return this;
    }

    /**
     * Connects and creates the stream and the group if they do not exist. Needs a running loop
     * (it is the queue's first operation, retried like every other).
     *
     * @return the queue
     * @throws RedisUnavailableException if Redis stayed unreachable for the retry timeout
     */
    public DistributedQueue<T> build() {
      int socketMs = (int) Math.min(Integer.MAX_VALUE, socketTimeout.toMillis());
      var config = DefaultJedisClientConfig.builder()
          .connectionTimeoutMillis(socketMs)
          .socketTimeoutMillis(socketMs)
          .blockingSocketTimeoutMillis((int) Math.min(Integer.MAX_VALUE, socketMs + pollInterval.toMillis()))
          .database(database());
      String info = url.getRawUserInfo();
      if (info != null) {
        int colon = info.indexOf(':');
        if (colon >= 0) {
          if (colon > 0) {
            config.user(decode(info.substring(0, colon)));
          }
          config.password(decode(info.substring(colon + 1)));
        } else {
          config.password(decode(info));
        }
      }
      ConnectionPoolConfig pool = new ConnectionPoolConfig();
      pool.setMaxTotal(poolSize);
      pool.setMaxIdle(poolSize);
      pool.setMaxWait(socketTimeout.plus(pollInterval));
      pool.setJmxEnabled(false);
      RedisClient client = RedisClient.builder().hostAndPort(url.getHost(), url.getPort())
          .clientConfig(config.build()).poolConfig(pool).build();
      String where = "redis://" + url.getHost() + ":" + url.getPort();
      DistributedQueue<T> q = new DistributedQueue<>(this, client, where);
      try {
        q.call("connect", r -> r.ping());
        q.createGroup();
      } catch (RuntimeException e) {
        client.close();
        throw e;
      }
      return q;
    }

    private int database() {
      String path = url.getPath();
      if (path == null || path.isEmpty() || path.equals("/")) {
        return 0;
      }
      try {
        return Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("the database in a Redis URL is a number, not '" + path.substring(1) + "'");
      }
    }

    private static String decode(String s) {
      return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static int atLeastOne(int n, String what) {
      if (n < 1) {
        throw new IllegalArgumentException(what + " must be at least 1, not " + n);
      }
      return n;
    }

    private static String requireText(String s, String what) {
      Objects.requireNonNull(s, what);
      if (s.isBlank()) {
        throw new IllegalArgumentException(what + " must not be blank");
      }
      return s;
    }

    private static Duration requirePositive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, not " + d);
      }
      return d;
    }
  }
}
