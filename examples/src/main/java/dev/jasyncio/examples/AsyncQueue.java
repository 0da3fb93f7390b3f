package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Event;
import dev.jasyncio.Queue;
import dev.jasyncio.QueueShutDownException;
import dev.jasyncio.Task;
import dev.jasyncio.io.Subprocess;
import dev.jasyncio.redis.Codec;
import dev.jasyncio.redis.Delivery;
import dev.jasyncio.redis.DistributedQueue;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * Seed 002, asyncq.py: producers and consumers around a queue, with {@code -p} and {@code -c}.
 * With {@code --redis URL} the queue is a {@link DistributedQueue}: the producers run in this
 * process and the consumers in two others, as the seed says real systems do.
 */
public final class AsyncQueue implements Example {
  private final int nprod;
  private final int ncon;
  private final String redisUrl;
  private final double timeScale;
  private final Random random;

  /** The seed's sample run: {@code asyncq.py -p 2 -c 5}. */
  public AsyncQueue() {
    this(2, 5);
  }

  /**
   * A run with {@code nprod} producers and {@code ncon} consumers.
   *
   * @param nprod producers, at least 0
   * @param ncon consumers, at least 1
   */
  public AsyncQueue(int nprod, int ncon) {
    this(nprod, ncon, null, 1.0, 444);
  }

  private AsyncQueue(int nprod, int ncon, String redisUrl, double timeScale, long seed) {
    if (nprod < 0) {
      throw new IllegalArgumentException("-p (producers) must be 0 or more, not " + nprod);
    }
    if (ncon < 1) {
      throw new IllegalArgumentException("-c (consumers) must be 1 or more, not " + ncon);
    }
    if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
      throw new IllegalArgumentException("--time-scale must be a positive number, not " + timeScale);
    }
    this.nprod = nprod;
    this.ncon = ncon;
    this.redisUrl = redisUrl;
    this.timeScale = timeScale;
    this.random = new Random(seed);
  }

  @Override
  public Example withArgs(List<String> args) {
    int p = nprod;
    int c = ncon;
    String url = redisUrl;
    double scale = timeScale;
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      if (i + 1 >= args.size()) {
        throw new IllegalArgumentException("asyncq: " + flag + " needs a "
            + (flag.equals("--redis") ? "URL" : "number"));
      }
      String arg = args.get(++i);
      switch (flag) {
        case "-p", "--nprod" -> p = number(flag, arg);
        case "-c", "--ncon" -> c = number(flag, arg);
        case "--redis" -> url = arg;
        case "--time-scale" -> {
          try {
            scale = Double.parseDouble(arg);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("asyncq: --time-scale needs a number, not '" + arg + "'");
          }
        }
        default -> throw new IllegalArgumentException(
            "asyncq takes -p N, -c N, --redis URL and --time-scale X, not '" + flag + "'");
      }
    }
    if (url != null) {
      DistributedQueue.builder(url, "asyncq", Codec.strings()); // checks the URL now
    }
    return new AsyncQueue(p, c, url, scale, 444);
  }

  private static int number(String flag, String arg) {
    try {
      return Integer.parseInt(arg);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("asyncq: " + flag + " needs a number, not '" + arg + "'");
    }
  }

  @Override
  public String name() {
    return "asyncq";
  }

  @Override
  public String title() {
    return "seed 002 asyncq.py: producers and consumers around a Queue (-p 2 -c 5)";
  }

  @Override
  public String lesson() {
    return "Producers and consumers never talk to each other, only to the queue. main waits for"
        + " the producers, then queue.join() until every item was taken and marked done, then"
        + " cancels the consumers, which would otherwise wait forever. Runs on a virtual clock even"
        + " in the tour; try ./jasyncio tour asyncq -p 5 -c 100. With --redis URL the queue lives in"
        + " Redis: the producers run here, the consumers in two other processes, and the queue"
        + " (not a cancel) ends them once it is joined and shut down; that run takes real time.";
  }

  @Override
  public boolean virtualInTour() {
    return redisUrl == null; // across processes time is real
  }

  /** An item and the time it was put (the loop's, or with Redis the wall clock's, in seconds). */
  record Item(String value, double putAt) {}

  /** Items travel between processes as {@code "value putAt"}. */
  static final Codec<Item> ITEMS = Codec.of(
      item -> (item.value() + " " + item.putAt()).getBytes(StandardCharsets.UTF_8),
      bytes -> {
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split(" ");
        return new Item(parts[0], Double.parseDouble(parts[1]));
      });

  private String makeItem() {
    byte[] bytes = new byte[5];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  private void randSleep(PrintStream out, String caller) {
    int i = random.nextInt(11);
    out.printf("%s sleeping for %d seconds.%n", caller, i);
    Async.sleep(i * timeScale);
  }

  /** Seconds on the lesson's clock: the loop's, or across processes the wall clock's, scaled. */
  private double now() {
    return redisUrl == null ? Async.currentLoop().time() : System.currentTimeMillis() / 1000.0 / timeScale;
  }

  /** What a producer needs of a queue, in-process or distributed. */
  private interface Put {
    void put(Item item);
  }

  private void produce(PrintStream out, int name, Put q) {
    int n = random.nextInt(11);
    for (int k = 0; k < n; k++) {
      randSleep(out, "Producer " + name);
      String i = makeItem();
      q.put(new Item(i, now()));
      out.printf("Producer %d added <%s> to queue.%n", name, i);
    }
  }

  private void consume(PrintStream out, int name, Queue<Item> q) {
    while (true) {
      randSleep(out, "Consumer " + name);
      Item item = q.get();
      double waited = Async.currentLoop().time() - item.putAt();
      out.println(String.format(Locale.ROOT, "Consumer %d got element <%s> in %.5f seconds.",
          name, item.value(), waited));
      q.taskDone();
    }
  }

  @Override
  public void run(PrintStream out) throws Exception {
    if (redisUrl != null) {
      runAcrossProcesses(out);
      return;
    }
    double start = Async.currentLoop().time();
    Queue<Item> q = new Queue<>();
    List<Task<Void>> producers = new ArrayList<>();
    for (int n = 0; n < nprod; n++) {
      int name = n;
      producers.add(Async.createTask(() -> produce(out, name, q::put)));
    }
    List<Task<Void>> consumers = new ArrayList<>();
    for (int n = 0; n < ncon; n++) {
      int name = n;
      consumers.add(Async.createTask(() -> consume(out, name, q)));
    }
    Async.gather(producers);
    q.join(); // every item was taken and marked done
    for (Task<Void> c : consumers) {
      c.cancel();
    }
    out.println(String.format(Locale.ROOT, "Program completed in %.5f seconds.",
        Async.currentLoop().time() - start));
  }

  // ---------------------------------------------------------------------------------------------
  // --redis URL: the same program with the queue in Redis and the consumers in two processes

  private void runAcrossProcesses(PrintStream out) throws Exception {
    String queue = "asyncq-" + UUID.randomUUID();
    try (DistributedQueue<Item> q = DistributedQueue.builder(redisUrl, queue, ITEMS).build()) {
      List<Subprocess> children = new ArrayList<>();
      List<Task<Void>> relays = new ArrayList<>();
      List<Event> started = new ArrayList<>();
      int half = (ncon + 1) / 2;
      for (int[] range : new int[][] {{0, half}, {half, ncon}}) {
        if (range[1] > range[0]) {
          Subprocess child = Subprocess.exec(consumerCommand(queue, range[0], range[1]));
          Event first = new Event();
          children.add(child);
          started.add(first);
          relays.add(Async.createTask(() -> relay(child, out, first)));
        }
      }
      for (Event e : started) {
        e.await(); // the consumers are up (a JVM takes a moment), as they are in one process
      }
      double start = now();
      List<Task<Void>> producers = new ArrayList<>();
      for (int n = 0; n < nprod; n++) {
        int name = n;
        producers.add(Async.createTask(() -> produce(out, name, q::put)));
      }
      Async.gather(producers);
      q.join(); // every item was taken and marked done, in whichever process
      q.shutdown(); // the consumers' gets end, and so do their processes
      Async.gather(relays);
      for (Subprocess child : children) {
        if (child.waitFor() != 0) {
          throw new IllegalStateException("a consumer process failed: " + child + ": "
              + new String(child.stderr().read(-1), StandardCharsets.UTF_8));
        }
      }
      q.delete();
      out.println(String.format(Locale.ROOT, "Program completed in %.5f seconds.", now() - start));
    }
  }

  /** Copies a consumer process's lines into this program's output as they come. */
  private static void relay(Subprocess child, PrintStream out, Event first) {
    try {
      String line;
      while ((line = child.stdout().readlineString()) != null) {
        out.println(line);
        first.set();
      }
    } finally {
      first.set(); // also when it ended without a word: main then sees its exit status
    }
  }

  private List<String> consumerCommand(String queue, int from, int to) {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"));
    String backend = System.getProperty("jasyncio.backend");
    if (backend != null) {
      command.add("-Djasyncio.backend=" + backend); // the consumers run on this process's backend
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), AsyncQueue.class.getName(),
        redisUrl, queue, Integer.toString(from), Integer.toString(to), Double.toString(timeScale)));
    return command;
  }

  private void consumeAcrossProcesses(PrintStream out, int name, DistributedQueue<Item> q) {
    while (true) {
      randSleep(out, "Consumer " + name);
      Delivery<Item> d;
      try {
        d = q.get();
      } catch (QueueShutDownException done) {
        return; // in one process main cancels its consumers; across processes the queue ends them
      }
      double waited = now() - d.value().putAt();
      out.println(String.format(Locale.ROOT, "Consumer %d got element <%s> in %.5f seconds.",
          name, d.value().value(), waited));
      q.taskDone(d);
    }
  }

  /**
   * A consumer process of {@code --redis}: {@code URL QUEUE FROM TO TIME_SCALE} runs consumers
   * FROM..TO-1 until the queue shuts down. Started by the producers' process.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    AsyncQueue self = new AsyncQueue(0, 1, args[0], Double.parseDouble(args[4]), 444 + Integer.parseInt(args[2]));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Async.run(() -> {
      try (DistributedQueue<Item> q = DistributedQueue.builder(self.redisUrl, args[1], ITEMS).build()) {
        List<Task<Void>> consumers = new ArrayList<>();
        for (int n = Integer.parseInt(args[2]); n < Integer.parseInt(args[3]); n++) {
          int name = n;
          consumers.add(Async.createTask(() -> self.consumeAcrossProcesses(out, name, q)));
        }
        Async.gather(consumers);
      }
    });
  }
}
