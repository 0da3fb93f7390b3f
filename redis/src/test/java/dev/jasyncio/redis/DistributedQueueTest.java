package dev.jasyncio.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.QueueEmptyException;
import dev.jasyncio.QueueFullException;
import dev.jasyncio.QueueShutDownException;
import dev.jasyncio.Task;
import dev.jasyncio.testkit.AsyncTesting;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * DistributedQueue against a real redis-server: Queue's contract, redelivery, faults. Tests run on
 * the virtual clock (retry backoffs and joins jump) except where Redis's own clock matters (idle
 * times, a restart) or a timeout must bound real waiting: those run on a real loop.
 */
class DistributedQueueTest {
  @RegisterExtension
  static final RedisServer redis = new RedisServer();

  private static String fresh() {
    return "q-" + UUID.randomUUID();
  }

  private static DistributedQueue.Builder<String> strings(String name) {
    return DistributedQueue.builder(redis.url(), name, Codec.strings())
        .pollInterval(Duration.ofMillis(50)).retryTimeout(Duration.ofSeconds(10));
  }

  @Test
  void putGetTaskDoneJoinInOrder() {
    AsyncTesting.runTest(() -> {
      try (var q = strings(fresh()).build()) {
        List<String> ids = List.of(q.put("a"), q.put("b"), q.put("c"));
        assertThat(q.qsize()).isEqualTo(3);
        assertThat(q.unfinished()).isEqualTo(3);
        List<Delivery<String>> got = List.of(q.get(), q.get(), q.get());
        assertThat(got).extracting(Delivery::value).containsExactly("a", "b", "c");
        assertThat(got).extracting(Delivery::id).containsExactlyElementsOf(ids);
        assertThat(got).extracting(Delivery::deliveries).containsOnly(1L);
        assertThat(q.qsize()).isZero();
        assertThat(q.isEmpty()).isTrue();
        assertThat(q.unfinished()).isEqualTo(3);
        for (var d : got) {
          assertThat(q.taskDone(d)).isTrue();
        }
        assertThat(q.taskDone(got.get(0))).as("a second taskDone finishes nothing").isFalse();
        q.join();
        assertThat(q.unfinished()).isZero();
      }
      return null;
    });
  }

  @Test
  void bytesCodecKeepsEveryByteAndCallerIds() {
    AsyncTesting.runTest(() -> {
      try (var q = DistributedQueue.builder(redis.url(), fresh(), Codec.bytes()).build()) {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
          all[i] = (byte) i;
        }
        assertThat(q.put("job-42", all)).isEqualTo("job-42");
        Delivery<byte[]> d = q.get();
        assertThat(d.value()).isEqualTo(all);
        assertThat(d.id()).isEqualTo("job-42");
        q.taskDone(d);
        q.join();
      }
      return null;
    });
  }

  @Test
  void joinWaitsForEveryTaskDone() {
    AsyncTesting.runTest(() -> {
      try (var q = strings(fresh()).build()) {
        q.put("x");
        Delivery<String> d = q.get();
        Task<Void> join = Async.createTask(q::join);
        Async.sleep(Duration.ofSeconds(5));
        assertThat(join.isDone()).as("join returned while an item was held").isFalse();
        q.taskDone(d);
        join.await();
      }
      return null;
    });
  }

  @Test
  void fullQueueSuspendsPutUntilAnItemIsTaken() {
    AsyncTesting.runTest(() -> {
      try (var q = strings(fresh()).maxsize(2).build()) {
        q.put("1");
        q.put("2");
        assertThat(q.isFull()).isTrue();
        assertThatThrownBy(() -> q.putNowait("x")).isInstanceOf(QueueFullException.class).hasMessageContaining("maxsize 2");
        Task<String> third = Async.createTask(() -> q.put("3"));
        Async.sleep(Duration.ofSeconds(2));
        assertThat(third.isDone()).as("put returned on a full queue").isFalse();
        Delivery<String> one = q.get(); // taken, not done: it no longer counts against maxsize
        third.await();
        assertThat(q.qsize()).isEqualTo(2);
        q.taskDone(one);
        for (int i = 0; i < 2; i++) {
          q.taskDone(q.get());
        }
        q.join();
      }
      return null;
    });
  }

  @Test
  void getNowaitOnAnEmptyQueueThrowsQueueEmpty() {
    AsyncTesting.runTest(() -> {
      try (var q = strings(fresh()).build()) {
        assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class);
        q.put("now");
        Delivery<String> d = q.getNowait();
        assertThat(d.value()).isEqualTo("now");
        q.taskDone(d);
      }
      return null;
    });
  }

  @Test
  void anItemNotDoneInTimeGoesToAnotherConsumerWithTheSameId() {
    AsyncTesting.runTest(() -> {
      String name = fresh();
      try (var a = strings(name).consumer("a").visibilityTimeout(Duration.ofMillis(300)).build();
           var b = strings(name).consumer("b").visibilityTimeout(Duration.ofMillis(300)).build()) {
        String id = a.put("work");
        Delivery<String> first = a.get(); // a "dies" holding it
        Delivery<String> again = b.get();
        assertThat(again.id()).isEqualTo(id);
        assertThat(again.value()).isEqualTo("work");
        assertThat(again.deliveries()).isEqualTo(2);
        assertThat(b.taskDone(again)).isTrue();
        assertThat(a.taskDone(first)).as("the late consumer finishes nothing").isFalse();
        b.join();
      }
      return null;
    });
  }

  @Test
  void aPoisonItemIsDeadLetteredAfterMaxDeliveriesAndTheQueueMovesOn() {
    Async.run(() -> {
      try (var q = strings(fresh()).visibilityTimeout(Duration.ofMillis(100)).maxDeliveries(2).build()) {
        String poison = q.put("poison");
        Delivery<String> d1 = q.get(); // the handler fails: no taskDone
        Delivery<String> d2 = q.get(); // claimed back after the visibility timeout
        assertThat(List.of(d1.id(), d2.id())).containsOnly(poison);
        assertThat(d2.deliveries()).isEqualTo(2);
        q.put("good");
        Delivery<String> next = q.get(); // the poison item's third delivery would exceed 2
        assertThat(next.value()).isEqualTo("good");
        q.taskDone(next);
        Async.sleep(Duration.ofMillis(1)); // give the claim a chance to run
        awaitDeadLetters(q, 1);
        List<DeadLetter> dead = q.deadLetters(10);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).id()).isEqualTo(poison);
        assertThat(new String(dead.get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(dead.get(0).deliveries()).isEqualTo(3);
        assertThat(dead.get(0).reason()).contains("3 times");
        q.join();
      }
      return null;
    });
  }

  /** The poison item is dead-lettered by a get that claims it; drive gets until that happened. */
  private static void awaitDeadLetters(DistributedQueue<String> q, int n) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (q.deadLetters(10).size() < n) {
      assertThat(System.nanoTime()).as("dead letters within 20 s").isLessThan(deadline);
      try {
        Delivery<String> d = Async.timeout(Duration.ofMillis(200), q::get);
        throw new AssertionError("unexpected delivery " + d);
      } catch (dev.jasyncio.TimeoutException expected) {
        // nothing else to deliver: the get only claimed
      }
    }
  }

  @Test
  void anUndecodableItemIsDeadLetteredAtOnce() {
    AsyncTesting.runTest(() -> {
      String name = fresh();
      Codec<String> picky = Codec.of(s -> s.getBytes(StandardCharsets.UTF_8), b -> {
        String s = new String(b, StandardCharsets.UTF_8);
        if (s.startsWith("bad")) {
          throw new IllegalArgumentException("no bad input: " + s);
        }
        return s;
      });
      try (var q = DistributedQueue.builder(redis.url(), name, picky).pollInterval(Duration.ofMillis(50)).build()) {
        q.put("bad one");
        q.put("fine");
        Delivery<String> d = q.get();
        assertThat(d.value()).isEqualTo("fine");
        q.taskDone(d);
        q.join();
        DeadLetter first = q.deadLetters(10).getFirst();
        assertThat(q.deadLetters(10)).singleElement()
            .satisfies(l -> assertThat(l.reason()).contains("codec").contains("no bad input"));
        // watching for new ones: from the last seen, only what came after
        assertThat(q.deadLetters(first.entryId(), 10)).isEmpty();
        String second = q.put("bad two");
        q.put("ok");
        q.taskDone(q.get()); // the bad one is dead-lettered on the way
        q.join();
        assertThat(q.deadLetters(first.entryId(), 10)).extracting(DeadLetter::id).containsExactly(second);
        assertThat(q.deadLetters("0-0", 10)).hasSize(2);
      }
      return null;
    });
  }

  @Test
  void aCancelledGetLosesNoItem() {
    AsyncTesting.runTest(() -> {
      try (var q = strings(fresh()).visibilityTimeout(Duration.ofSeconds(30)).build()) {
        Task<Delivery<String>> waiting = Async.createTask(q::get);
        Async.sleep(Duration.ofMillis(100));
        waiting.cancel();
        assertThatThrownBy(waiting::await).isInstanceOf(CancelledException.class);
        q.put("kept");
        Delivery<String> d = q.get();
        assertThat(d.value()).isEqualTo("kept");
        q.taskDone(d);
        q.join();
      }
      return null;
    });
  }

  @Test
  void getsCancelledAtRandomMomentsLoseNothing() {
    Async.run(() -> {
      // a long visibility timeout: only the queue's own recovery can bring a lost read back in time
      try (var q = strings(fresh()).visibilityTimeout(Duration.ofMinutes(10)).build()) {
        int n = 60;
        Set<String> put = new HashSet<>();
        Task<Void> producer = Async.createTask(() -> {
          for (int i = 0; i < n; i++) {
            put.add(q.put("item " + i));
            Async.toThread(() -> Thread.sleep(1)); // real time, so reads are in flight
          }
        });
        Set<String> seen = new HashSet<>();
        Random random = new Random(7);
        while (seen.size() < n) {
          Task<Delivery<String>> get = Async.createTask(q::get);
          Async.toThread(() -> Thread.sleep(random.nextInt(3)));
          get.cancel();
          try {
            Delivery<String> d = get.await();
            seen.add(d.id());
            q.taskDone(d);
          } catch (CancelledException expected) {
            // the next get must still see whatever this one had read
          }
          if (producer.isDone() && seen.size() < n && random.nextInt(4) == 0) {
            Delivery<String> d = Async.timeout(Duration.ofSeconds(20), q::get);
            seen.add(d.id());
            q.taskDone(d);
          }
        }
        producer.await();
        assertThat(seen).isEqualTo(put);
        q.join();
      }
      return null;
    });
  }

  @Test
  void shutdownEndsPutsAtOnceAndGetsWhenEverythingIsDone() {
    AsyncTesting.runTest(() -> {
      try (var q = strings(fresh()).build()) {
        q.put("left");
        assertThat(q.isShutDown()).isFalse();
        q.shutdown();
        assertThat(q.isShutDown()).isTrue();
        assertThatThrownBy(() -> q.put("late")).isInstanceOf(QueueShutDownException.class);
        Delivery<String> d = q.get(); // items still waiting are delivered
        assertThat(d.value()).isEqualTo("left");
        Task<Delivery<String>> waiting = Async.createTask(q::get);
        Async.sleep(Duration.ofSeconds(1));
        assertThat(waiting.isDone()).as("get ended while an item was still held").isFalse();
        q.taskDone(d);
        assertThatThrownBy(waiting::await).isInstanceOf(QueueShutDownException.class);
        q.join();
      }
      return null;
    });
  }

  @Test
  void immediateShutdownDropsWaitingItemsAndReleasesGetAndJoin() {
    AsyncTesting.runTest(() -> {
      String name = fresh();
      try (var q = strings(name).build(); var other = strings(name).build()) {
        q.put("a");
        q.put("b");
        Delivery<String> held = q.get();
        other.shutdown(true);
        assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
        q.join();
        q.taskDone(held);
        assertThat(q.qsize()).isZero();
      }
      return null;
    });
  }

  @Test
  void unreachableRedisIsANamedErrorAfterTheRetryTimeout() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    String url = "redis://127.0.0.1:" + port;
    double waited = AsyncTesting.runTest(() -> {
      double start = Async.currentLoop().time();
      assertThatThrownBy(() -> DistributedQueue.builder(url, "q", Codec.strings())
          .retryTimeout(Duration.ofSeconds(30)).build())
          .isInstanceOf(RedisUnavailableException.class)
          .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("30000 ms");
      return Async.currentLoop().time() - start;
    });
    assertThat(waited).as("virtual seconds of retrying").isBetween(30.0, 32.0);
  }

  @Test
  void redisStoppedMidRunFailsGetAndPutWithTheNamedError() throws Exception {
    try (RedisServer own = new RedisServer().start()) {
      AsyncTesting.runTest(() -> {
        try (var q = DistributedQueue.builder(own.url(), fresh(), Codec.strings())
            .pollInterval(Duration.ofMillis(50)).retryTimeout(Duration.ofSeconds(5)).build()) {
          q.put("before");
          Async.toThread(own::stop);
          assertThatThrownBy(q::get).isInstanceOf(RedisUnavailableException.class);
          assertThatThrownBy(() -> q.put("after")).isInstanceOf(RedisUnavailableException.class)
              .hasMessageContaining("put");
        }
        return null;
      });
    }
  }

  @Test
  void restartMidRunKeepsAcknowledgedWorkAndRedeliversPending() throws Exception {
    try (RedisServer own = new RedisServer().start()) {
      Async.run(() -> {
        String name = fresh();
        var opts = (java.util.function.Function<String, DistributedQueue<String>>) consumer ->
            DistributedQueue.builder(own.url(), name, Codec.strings()).consumer(consumer)
                .pollInterval(Duration.ofMillis(50)).visibilityTimeout(Duration.ofMillis(500))
                .retryTimeout(Duration.ofSeconds(60)).build();
        try (var producer = opts.apply("producer"); var c1 = opts.apply("c1"); var c2 = opts.apply("c2")) {
          int n = 300;
          Set<String> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
          List<Task<Void>> consumers = new ArrayList<>();
          for (var c : List.of(c1, c2)) {
            consumers.add(Async.createTask(() -> {
              while (true) {
                Delivery<String> d = c.get();
                done.add(d.value());
                c.taskDone(d);
              }
            }));
          }
          for (int i = 0; i < n; i++) {
            producer.put("item " + i);
            if (i == n / 2) {
              Async.toThread(own::restart);
            }
          }
          Async.timeout(Duration.ofSeconds(60), producer::join);
          for (var t : consumers) {
            t.cancel();
          }
          Async.gatherSettled(consumers);
          assertThat(done).hasSize(n);
          assertThat(producer.unfinished()).isZero();
        }
        return null;
      });
    }
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> DistributedQueue.builder("http://x:1", "q", Codec.strings()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://HOST:PORT");
    assertThatThrownBy(() -> DistributedQueue.builder("redis://x", "q", Codec.strings()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://HOST:PORT");
    assertThatThrownBy(() -> DistributedQueue.builder("redis://x:1", " ", Codec.strings()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
    var b = DistributedQueue.builder("redis://x:1", "q", Codec.strings());
    assertThatThrownBy(() -> b.maxDeliveries(0)).hasMessageContaining("maxDeliveries");
    assertThatThrownBy(() -> b.visibilityTimeout(Duration.ZERO)).hasMessageContaining("visibilityTimeout");
    assertThatThrownBy(() -> b.consumer("")).hasMessageContaining("consumer");
    AsyncTesting.runTest(() -> {
      try (var q = strings(fresh()).build()) {
        assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class)
            .hasMessageContaining("null");
        assertThatThrownBy(() -> q.put(" ", "x")).hasMessageContaining("id");
      }
      return null;
    });
  }
}
