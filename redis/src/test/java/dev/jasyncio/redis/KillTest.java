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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One producer (this JVM), three consumer processes, 5,000 items; one consumer is SIGKILLed at a
 * random moment. Every item must be processed and acknowledged, and an item may be processed
 * twice only if the killed consumer held it (processed, not acknowledged). Repeated ten times;
 * the consumer processes alternate between the two backends, so this class runs once (in the
 * carrier execution) rather than once per backend.
 */
class KillTest {
  private static final int ITEMS = 5_000;
  private static final int CONSUMERS = 3;
  private static final Duration VISIBILITY = Duration.ofSeconds(1);

  @RegisterExtension
  static final RedisServer redis = new RedisServer();

  @TempDir
  Path dir;

  @BeforeEach
  void onceForBothBackends() {
    Assumptions.assumeTrue(!"portable".equals(System.getProperty("jasyncio.backend")),
        "the consumer processes cover both backends; run once");
  }

  @RepeatedTest(10)
  void aKilledConsumerLosesNothing(RepetitionInfo rep) throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String backend = rep.getCurrentRepetition() % 2 == 0 ? "portable" : "carrier";
    String name = "kill-" + UUID.randomUUID();
    List<Process> consumers = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    try {
      for (int i = 0; i < CONSUMERS; i++) {
        Path log = dir.resolve("c" + i + ".log");
        Files.createFile(log);
        logs.add(log);
        consumers.add(start(backend, name, "c" + i, log));
      }
      int victim = random.nextInt(CONSUMERS);
      int killAt = 200 + random.nextInt(ITEMS - 1_000);
      int[] processedWhenKilled = {-1};
      Async.run(() -> {
        try (var q = DistributedQueue.builder(redis.url(), name, Codec.strings()).consumer("producer")
            .visibilityTimeout(VISIBILITY).pollInterval(Duration.ofMillis(100)).build()) {
          Task<Void> producer = Async.createTask(() -> {
            for (int i = 0; i < ITEMS; i++) {
              q.put(Integer.toString(i), "item " + i);
            }
          });
          // kill once the consumers are that far: judged by the logs' size, which costs nothing
          long killAtBytes = logBytes(killAt);
          while (Async.toThread(() -> totalSize(logs)) < killAtBytes) {
            Async.sleep(Duration.ofMillis(5));
          }
          consumers.get(victim).destroyForcibly(); // SIGKILL
          processedWhenKilled[0] = Async.toThread(() -> countProcessed(logs));
          producer.await();
          Async.timeout(Duration.ofSeconds(90), q::join); // a safety net in real time
          q.shutdown(); // the survivors' gets end and they exit
        }
        return null;
      });
      for (int i = 0; i < CONSUMERS; i++) {
        Process p = consumers.get(i);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("consumer c%d exits", i).isTrue();
        if (i != victim) {
          assertThat(p.exitValue()).as("consumer c%d exit status; stderr: %s", i,
              Files.readString(dir.resolve("c" + i + ".err"))).isZero();
        }
      }
      // every item processed, and duplicates only among what the victim held
      Map<String, Integer> processed = new HashMap<>();
      Set<String> victimHeld = new HashSet<>();
      for (int i = 0; i < CONSUMERS; i++) {
        Set<String> acked = new HashSet<>();
        Set<String> mine = new HashSet<>();
        for (String line : Files.readAllLines(logs.get(i))) {
          if (line.startsWith("P ")) {
            processed.merge(line.substring(2), 1, Integer::sum);
            mine.add(line.substring(2));
          } else if (line.startsWith("A ")) {
            acked.add(line.substring(2));
          }
        }
        if (i == victim) {
          mine.removeAll(acked);
          victimHeld.addAll(mine);
        }
      }
      Set<String> all = new HashSet<>();
      for (int i = 0; i < ITEMS; i++) {
        all.add(Integer.toString(i));
      }
      assertThat(processed.keySet()).as("processed items (seed %d)", seed).isEqualTo(all);
      Set<String> duplicates = new HashSet<>();
      processed.forEach((id, n) -> {
        if (n > 1) {
          duplicates.add(id);
        }
      });
      System.out.printf("kill test %d (%s consumers): c%d killed after %d of %d items processed; it held %d,"
          + " %d processed twice%n", rep.getCurrentRepetition(), backend, victim, processedWhenKilled[0], ITEMS,
          victimHeld.size(), duplicates.size());
      assertThat(victimHeld).as("duplicates are items the killed consumer held (seed %d)", seed)
          .containsAll(duplicates);
    } finally {
      for (Process p : consumers) {
        p.destroyForcibly();
      }
    }
  }

  /** About how many bytes of log {@code items} processed and acknowledged items make. */
  private static long logBytes(int items) {
    return items * 2L * ("P ".length() + Integer.toString(ITEMS / 2).length() + 1);
  }

  private static long totalSize(List<Path> logs) throws IOException {
    long n = 0;
    for (Path log : logs) {
      n += Files.size(log);
    }
    return n;
  }

  private static int countProcessed(List<Path> logs) throws IOException {
    int n = 0;
    for (Path log : logs) {
      for (String line : Files.readAllLines(log)) {
        if (line.startsWith("P ")) {
          n++;
        }
      }
    }
    return n;
  }

  /** A consumer JVM with a lean class path and flags for a quick start. */
  private Process start(String backend, String name, String consumer, Path log) throws IOException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> lean = new ArrayList<>();
    for (String entry : cp.split(File.pathSeparator)) {
      if (entry.contains("junit") || entry.contains("assertj") || entry.contains("opentest4j")
          || entry.contains("apiguardian") || entry.contains("testkit") || entry.contains("byte-buddy")) {
        continue; // the consumer needs only the queue, its client and the core
      }
      lean.add(entry);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-Djasyncio.backend=" + backend, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
        "-XX:-UsePerfData", "-cp", String.join(File.pathSeparator, lean),
        ConsumerProcess.class.getName(), redis.url(), name, consumer, log.toString(),
        Long.toString(VISIBILITY.toMillis()))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(dir.resolve(consumer + ".err").toFile())
        .start();
  }
}
