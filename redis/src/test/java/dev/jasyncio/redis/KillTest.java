package dev.jasyncio.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One producer (this JVM), three consumer processes (four tasks each), 5,000 items; one consumer is SIGKILLed at a
 * random moment. Every item must be processed and acknowledged, and an item may be processed
 * twice only if the killed consumer held it (processed, not acknowledged). Repeated ten times on
 * one queue: each repetition puts its own 5,000 items, kills one of the three consumers, and the
 * next starts a fresh one in its place (so a repetition pays for one JVM start, not three). The
 * new consumers alternate between the two backends, so this class runs once (in the carrier
 * execution), not once per backend.
 */
class KillTest {
  private static final int ITEMS = 5_000;
  private static final int CONSUMERS = 3;
  private static final Duration VISIBILITY = Duration.ofSeconds(1);
  /** Tasks putting in the producer, and taking in each consumer. */
  static final int TASKS = 4;
  private static final String QUEUE = "kill-" + UUID.randomUUID();

  @RegisterExtension
  static final RedisServer redis = new RedisServer();

  @TempDir
  static Path dir;

  /** A consumer process and the log it writes ({@link ConsumerProcess}). */
  private record Consumer(String name, String backend, Process process, Path log) {}

  private static final List<Consumer> alive = new ArrayList<>();
  private static final List<Consumer> all = new ArrayList<>();

  @BeforeEach
  void onceForBothBackends() {
    Assumptions.assumeTrue(!"portable".equals(System.getProperty("jasyncio.backend")),
        "the consumer processes cover both backends; run once");
  }

  @AfterAll
  static void shutDownTheSurvivors() throws Exception {
    if (all.isEmpty()) {
      return;
    }
    try {
      Async.run(() -> {
        try (var q = DistributedQueue.builder(redis.url(), QUEUE, Codec.strings()).build()) {
          q.shutdown(); // their gets end and they exit
        }
      });
      for (Consumer c : alive) {
        assertThat(c.process().waitFor(30, TimeUnit.SECONDS)).as("%s exits", c.name()).isTrue();
        assertThat(c.process().exitValue()).as("%s exit status; stderr: %s", c.name(),
            Files.readString(dir.resolve(c.name() + ".err"))).isZero();
      }
    } finally {
      for (Consumer c : all) {
        c.process().destroyForcibly();
      }
    }
  }

  @RepeatedTest(10)
  void aKilledConsumerLosesNothing(RepetitionInfo rep) throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String prefix = "r" + rep.getCurrentRepetition() + "-";
    while (alive.size() < CONSUMERS) {
      alive.add(start("c" + all.size(), all.size() % 2 == 0 ? "carrier" : "portable"));
    }
    Map<Consumer, Long> before = new HashMap<>();
    for (Consumer c : alive) {
      before.put(c, Files.size(c.log()));
    }
    int killAt = 200 + random.nextInt(ITEMS - 1_000);
    Consumer[] victim = new Consumer[1];
    Async.run(() -> {
      try (var q = DistributedQueue.builder(redis.url(), QUEUE, Codec.strings()).consumer("producer")
          .visibilityTimeout(VISIBILITY).pollInterval(Duration.ofMillis(100)).build()) {
        List<Task<Void>> producers = new ArrayList<>();
        for (int t = 0; t < TASKS; t++) {
          int first = t;
          producers.add(Async.createTask(() -> {
            for (int i = first; i < ITEMS; i += TASKS) {
              q.put(prefix + i, "item " + i);
            }
          }));
        }
        // kill once the consumers are that far, judged by the logs' growth, which costs nothing
        while (Async.toThread(() -> grown(before)) < logBytes(killAt)) {
          Async.sleep(Duration.ofMillis(5));
        }
        List<Consumer> working = Async.toThread(() -> working(before));
        victim[0] = working.get(random.nextInt(working.size()));
        victim[0].process().destroyForcibly(); // SIGKILL
        Async.gather(producers);
        Async.timeout(Duration.ofSeconds(90), q::join); // a safety net in real time
      }
      return null;
    });
    alive.remove(victim[0]);
    assertThat(victim[0].process().waitFor(10, TimeUnit.SECONDS)).isTrue();

    // every item processed, and duplicates only among what the victim held
    Map<String, Integer> processed = new HashMap<>();
    Set<String> victimHeld = new HashSet<>();
    int processedByVictim = 0;
    int redelivered = 0;
    for (Consumer c : all) {
      Set<String> acked = new HashSet<>();
      Set<String> mine = new HashSet<>();
      for (String line : Files.readAllLines(c.log())) {
        String[] words = line.split(" ");
        String id = words[1];
        if (!id.startsWith(prefix)) {
          continue;
        }
        if (words[0].equals("P")) {
          processed.merge(id, 1, Integer::sum);
          mine.add(id);
          if (Long.parseLong(words[2]) > 1) {
            redelivered++;
          }
        } else if (words[0].equals("A")) {
          acked.add(id);
        }
      }
      if (c == victim[0]) {
        processedByVictim = mine.size();
        mine.removeAll(acked);
        victimHeld.addAll(mine);
      }
    }
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < ITEMS; i++) {
      expected.add(prefix + i);
    }
    assertThat(processed.keySet()).as("processed items (seed %d)", seed).isEqualTo(expected);
    Set<String> duplicates = new HashSet<>();
    processed.forEach((id, n) -> {
      if (n > 1) {
        duplicates.add(id);
      }
    });
    System.out.printf("kill test %d: %s (%s) SIGKILLed after processing %d of %d items, holding %d;"
        + " %d redelivered after the visibility timeout, %d processed twice, all acknowledged%n",
        rep.getCurrentRepetition(), victim[0].name(), victim[0].backend(), processedByVictim, ITEMS,
        victimHeld.size(), redelivered, duplicates.size());
    assertThat(victimHeld).as("duplicates are items the killed consumer held (seed %d)", seed)
        .containsAll(duplicates);
  }

  /** About how many bytes of log {@code items} processed and acknowledged items make. */
  private static long logBytes(int items) {
    return items * 2L * ("P r1-".length() + Integer.toString(ITEMS / 2).length() + 1) + items * 2L;
  }

  private static long grown(Map<Consumer, Long> before) throws IOException {
    long n = 0;
    for (var e : before.entrySet()) {
      n += Files.size(e.getKey().log()) - e.getValue();
    }
    return n;
  }

  /** The consumers that took part in this repetition so far (a fresh one may still be starting). */
  private static List<Consumer> working(Map<Consumer, Long> before) throws IOException {
    List<Consumer> out = new ArrayList<>();
    for (var e : before.entrySet()) {
      if (Files.size(e.getKey().log()) > e.getValue()) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** A consumer JVM with a lean class path and flags for a quick start. */
  private static Consumer start(String name, String backend) throws IOException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> lean = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (entry.contains("junit") || entry.contains("assertj") || entry.contains("opentest4j")
          || entry.contains("apiguardian") || entry.contains("testkit") || entry.contains("byte-buddy")) {
        continue; // the consumer needs only the queue, its client and the core
      }
      lean.add(entry);
    }
    Path log = dir.resolve(name + ".log");
    Files.createFile(log);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-Djasyncio.backend=" + backend, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-XX:-UsePerfData", "-cp", String.join(File.pathSeparator, lean),
        ConsumerProcess.class.getName(), redis.url(), QUEUE, name, log.toString(),
        Long.toString(VISIBILITY.toMillis()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(dir.resolve(name + ".err").toFile())
        .start();
    Consumer c = new Consumer(name, backend, p, log);
    all.add(c);
    return c;
  }
}
