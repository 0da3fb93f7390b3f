package dev.jasyncio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jasyncio.redis.RedisServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.params.XPendingParams;

/**
 * {@code pipeline --queue} and {@code pipeline worker} against a real redis-server: the
 * coordinator runs in this JVM, the workers are processes of their own (on this test's backend),
 * killed for real. Each test has queues of its own ({@code --queue-name}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QueueTest {
  @RegisterExtension
  static final RedisServer redis = new RedisServer();

  /** A safety net in real time: nothing here should come close. */
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path dir;

  /** The workers' {@code --out}, shared as over NFS; each run's manifest is written there too. */
  @TempDir
  static Path shared;

  /** One jobs queue for the class: the workers serve every test's run, as they serve many runs. */
  private static final String QUEUE = "t-" + UUID.randomUUID();
  /** Every worker of the class: a visibility timeout of 2 s, so a killed worker's jobs come back soon. */
  private static final String[] WORKER = {"--concurrency", "3", "--visibility-timeout", "2s", "--max-deliveries", "2"};
  private static final List<Worker> alive = new ArrayList<>();
  private static final List<Worker> all = new ArrayList<>();
  private static RedisClient inspect;

  private final String queueName = "t-" + UUID.randomUUID(); // for the tests without workers

  @BeforeAll
  static void client() {
    inspect = client(redis.url());
  }

  @AfterAll
  static void stopWorkers() throws InterruptedException {
    for (Worker w : all) {
      w.process().destroyForcibly();
      w.process().waitFor(10, TimeUnit.SECONDS);
    }
    inspect.close();
  }

  /**
   * Two live workers, warm and waiting for jobs. A JVM start is the slow part, so they serve
   * every test; a fresh one does a warm-up run first, since its first image can take longer than
   * the visibility timeout on a loaded machine (class loading, ImageIO's plugin scan).
   */
  private static List<Worker> workers() throws Exception {
    alive.removeIf(w -> !w.process().isAlive());
    boolean fresh = alive.size() < 2;
    while (alive.size() < 2) {
      alive.add(startWorker("w" + all.size()));
    }
    for (Worker w : alive) {
      w.awaitReady();
    }
    if (fresh) {
      try (ImageServer warm = Cli.smallServer().images(6).start()) {
        Path dir = Files.createDirectories(shared.resolve("warm-up"));
        coordinatorAt(redis.url(), dir, warm.urls(), "--queue-name", QUEUE).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    }
    return List.copyOf(alive);
  }

  @Test
  @Order(1)
  void twoWorkersMakeTheManifestOneProcessMakes() throws Exception {
    try (ImageServer server = Cli.smallServer().images(8).latency(Duration.ofMillis(100)).start()) {
      Path alone = Files.createDirectories(dir.resolve("alone"));
      Cli.Ran single = Cli.against(alone, server.urls());
      assertThat(single.status()).as(single.out() + single.err()).isZero();

      List<Worker> ab = workers(); // both wait in get: the first jobs go to both
      Cli.Ran ran = coordinator(server.urls()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(ran.status()).as(ran.out() + ran.err()).isZero();
      assertThat(ran.out()).contains("8 images, 8 ok, 0 failed");

      JsonNode expected = Cli.manifest(alone.resolve("out")).path("items");
      JsonNode items = Cli.manifest(shared.resolve("out")).path("items");
      assertThat(items).hasSize(8);
      Map<String, Integer> byWorker = new HashMap<>();
      for (int i = 0; i < 8; i++) {
        JsonNode item = items.get(i);
        for (String f : List.of("url", "status", "name", "output", "sha256", "bytes", "width", "height")) {
          assertThat(item.path(f)).as("item %d %s", i, f).isEqualTo(expected.get(i).path(f));
        }
        Path file = shared.resolve("out").resolve(item.path("output").asText());
        assertThat(PipelineRun.sha256(Files.readAllBytes(file))).isEqualTo(item.path("sha256").asText());
        byWorker.merge(item.path("worker").asText(), 1, Integer::sum);
      }
      assertThat(byWorker).as("items per worker").containsOnlyKeys(ab.get(0).name(), ab.get(1).name());
      JsonNode settings = Cli.manifest(shared.resolve("out")).path("summary").path("settings");
      assertThat(settings.path("queue").asText()).isEqualTo(redis.url());
      assertThat(settings.path("workers").asText()).contains(ab.get(0).name()).contains(ab.get(1).name());
      assertThat(ab.get(0).out()).contains("[run ");
    }
  }

  @Test
  @Order(3) // after the others: they need no fresh worker in the victim's place
  void aWorkerKilledMidItemHasItsJobsDoneByAnotherAndTheManifestHasEachOnce() throws Exception {
    try (ImageServer server = Cli.smallServer().images(12).latency(Duration.ofMillis(500)).start()) {
      Path alone = Files.createDirectories(dir.resolve("alone"));
      assertThat(Cli.against(alone, server.urls()).status()).isZero();

      List<Worker> ab = workers();
      Worker victim = ab.get(0);
      Worker survivor = ab.get(1);
      FutureTask<Cli.Ran> coordinator = coordinator(server.urls());
      awaitTrue("the victim holds jobs", () -> pendingWith(victim.name()) > 0);
      long held = pendingWith(victim.name());
      victim.process().destroyForcibly(); // SIGKILL, mid-item: its downloads take 500 ms
      assertThat(victim.process().waitFor(10, TimeUnit.SECONDS)).isTrue();

      Cli.Ran ran = coordinator.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(ran.status()).as(ran.out() + ran.err()).isZero();
      JsonNode expected = Cli.manifest(alone.resolve("out")).path("items");
      JsonNode items = Cli.manifest(shared.resolve("out")).path("items");
      assertThat(items).hasSize(12);
      int redelivered = 0;
      for (int i = 0; i < 12; i++) {
        assertThat(items.get(i).path("status").asText()).as("item %d: %s", i, items.get(i)).isEqualTo("ok");
        assertThat(items.get(i).path("sha256")).isEqualTo(expected.get(i).path("sha256"));
        if (items.get(i).path("deliveries").asLong() > 1) {
          redelivered++;
          assertThat(items.get(i).path("worker").asText()).isEqualTo(survivor.name());
        }
      }
      System.out.printf("queue kill test: the victim held %d jobs when killed; %d items done again by the survivor%n",
          held, redelivered);
      assertThat(redelivered).as("items the killed worker held, done again").isPositive();
    }
  }

  @Test
  @Order(2)
  void aJobTheWorkersHangOnIsDeadLetteredAndFailsItsItemAndTheRunEnds() throws Exception {
    try (ImageServer server = Cli.smallServer().images(4).fault(1, Fault.STALL).start()) {
      workers();
      // the stall would time out after 60 s; its job is given up on after its third delivery
      Cli.Ran ran = coordinator(server.urls(), "--read-timeout", "60s").get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(ran.status()).as(ran.out() + ran.err()).isEqualTo(PipelineCommand.SOME_FAILED);
      JsonNode items = Cli.manifest(shared.resolve("out")).path("items");
      assertThat(items).hasSize(4);
      JsonNode poison = items.get(1);
      assertThat(poison.path("status").asText()).isEqualTo("failed");
      assertThat(poison.path("errorKind").asText()).isEqualTo("dead-lettered");
      assertThat(poison.path("error").asText()).contains("delivered 3 times").contains(QUEUE + ":jobs:dead");
      for (int i : new int[] {0, 2, 3}) {
        assertThat(items.get(i).path("status").asText()).as("item %d: %s", i, items.get(i)).isEqualTo("ok");
      }
      assertThat(ran.out()).contains("failed " + server.url(1)).contains("dead-lettered");
    }
  }

  @Test
  void redisGoneMidRunIsANamedErrorAndTheManifestSaysWhatWasNotDone() throws Exception {
    try (RedisServer own = new RedisServer().start(); ImageServer server = Cli.smallServer().images(3).start()) {
      FutureTask<Cli.Ran> coordinator = coordinatorAt(own.url(), dir, server.urls(), "--queue-name", queueName,
          "--redis-timeout", "2s");
      awaitTrue("the jobs are enqueued", () -> jobsInQueue(own.url()) == 3);
      own.stop(); // no worker ever came
      Cli.Ran ran = coordinator.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(ran.status()).isEqualTo(PipelineCommand.USAGE);
      assertThat(ran.err()).contains("pipeline: ").contains("Redis at " + own.url()).contains("unreachable for 2000 ms");
      JsonNode items = Cli.manifest(dir.resolve("out")).path("items");
      assertThat(items).hasSize(3);
      for (JsonNode item : items) {
        assertThat(item.path("errorKind").asText()).isEqualTo("queue-unavailable");
      }

      Cli.Ran worker = Cli.run("worker", "--queue", own.url(), "--redis-timeout", "1s", "--out", dir.resolve("w").toString());
      assertThat(worker.status()).isEqualTo(PipelineCommand.USAGE);
      assertThat(worker.err()).contains("pipeline worker: ").contains("unreachable for 1000 ms");
    }
  }

  @Test
  void aBurstWorkerExitsWhenNoWorkIsLeftAndABadQueueIsNamed() {
    Cli.Ran idle = Cli.run("worker", "--queue", redis.url(), "--queue-name", queueName, "--burst",
        "--out", dir.resolve("w").toString());
    assertThat(idle.status()).as(idle.out() + idle.err()).isZero();
    assertThat(idle.out()).startsWith("worker ").contains(queueName + ":jobs");

    Cli.Ran none = Cli.run("worker");
    assertThat(none.status()).isEqualTo(PipelineCommand.USAGE);
    assertThat(none.err()).contains("pipeline worker: pipeline worker needs --queue redis://HOST:PORT");
    for (String[] bad : List.of(new String[] {"--queue", "http://127.0.0.1:6379"}, new String[] {"--queue", "redis://nohost"},
        new String[] {"--queue", redis.url(), "--redis-timeout", "soon"})) {
      List<String> args = new ArrayList<>(List.of(bad));
      args.addAll(List.of("--out", dir.resolve("out").toString()));
      Cli.Ran coordinator = Cli.run(args.toArray(String[]::new));
      args.addFirst("worker");
      Cli.Ran worker = Cli.run(args.toArray(String[]::new));
      for (Cli.Ran ran : List.of(coordinator, worker)) {
        assertThat(ran.status()).as(String.join(" ", args)).isEqualTo(PipelineCommand.USAGE);
        assertThat(ran.err()).contains(bad.length > 2 ? "--redis-timeout" : "--queue").contains("(see --help)");
      }
      assertThat(dir.resolve("out")).doesNotExist(); // nothing ran
    }
    Cli.Ran compare = Cli.run("--queue", redis.url(), "--compare");
    assertThat(compare.status()).isEqualTo(PipelineCommand.USAGE);
    assertThat(compare.err()).contains("--compare").contains("--queue");
    Cli.Ran sync = Cli.run("--queue", redis.url(), "--mode", "sync");
    assertThat(sync.status()).isEqualTo(PipelineCommand.USAGE);
    assertThat(sync.err()).contains("--mode sync does not go with --queue");
  }

  // ---------------------------------------------------------------------------------------------

  /** A worker process and where its output goes. */
  private record Worker(String label, Process process, Path stdout, Path stderr) {
    /** Waits for its first line, which names it: its jobs queue is open and its tasks start. */
    void awaitReady() {
      awaitTrue(label + " is up (stderr: " + err() + ")", () -> out().startsWith("worker ") && out().contains("\n"));
    }

    /** Its consumer name, from its first line. */
    String name() {
      return out().split(" ", 3)[1].replace(":", "");
    }

    String out() {
      return read(stdout);
    }

    String err() {
      return read(stderr);
    }

    private static String read(Path p) {
      try {
        return Files.readString(p);
      } catch (IOException e) {
        return "";
      }
    }
  }

  private static Worker startWorker(String label) throws IOException {
    List<String> lean = new ArrayList<>(); // what a worker needs: fewer jars to open and scan
    for (String entry : System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
        .split(java.io.File.pathSeparator)) {
      if (!entry.matches(".*(junit|assertj|opentest4j|apiguardian|jsoup|byte-buddy|test-classes|tests\\.jar).*")) {
        lean.add(entry);
      }
    }
    String cp = String.join(java.io.File.pathSeparator, lean);
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-Djasyncio.backend=" + System.getProperty("jasyncio.backend", "carrier"),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData",
        "-cp", cp, PipelineCommand.class.getName(), "worker", "--queue", redis.url(), "--queue-name", QUEUE,
        "--out", shared.resolve("out").toString()));
    command.addAll(List.of(WORKER));
    Path stdout = shared.resolve(label + ".out");
    Path stderr = shared.resolve(label + ".err");
    Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    Worker w = new Worker(label, p, stdout, stderr);
    all.add(w);
    return w;
  }

  /** {@code pipeline --queue} on the workers' queue in this JVM, on a thread of its own, output in the shared DIR. */
  private static FutureTask<Cli.Ran> coordinator(List<URI> urls, String... more) {
    List<String> args = new ArrayList<>(List.of("--queue-name", QUEUE));
    args.addAll(List.of(more));
    return coordinatorAt(redis.url(), shared, urls, args.toArray(String[]::new));
  }

  private static FutureTask<Cli.Ran> coordinatorAt(String url, Path in, List<URI> urls, String... more) {
    List<String> args = new ArrayList<>(List.of("--queue", url));
    args.addAll(List.of(more));
    FutureTask<Cli.Ran> task = new FutureTask<>(() -> Cli.against(in, urls, args.toArray(String[]::new)));
    Thread.ofPlatform().name("coordinator").daemon().start(task);
    return task;
  }

  /** Entries in a jobs stream (waiting or held), read with a plain client. */
  private long jobsInQueue(String url) {
    try (RedisClient r = client(url)) {
      return r.xlen(queueName + ":jobs");
    }
  }

  /** Jobs that consumer holds on the workers' queue, taken and not done. */
  private static long pendingWith(String consumer) {
    return inspect.xpending(QUEUE + ":jobs", "workers", XPendingParams.xPendingParams().count(100).consumer(consumer))
        .size();
  }

  private static RedisClient client(String url) {
    URI u = URI.create(url);
    return RedisClient.builder().hostAndPort(u.getHost(), u.getPort()).build();
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting until %s", what).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }
}
