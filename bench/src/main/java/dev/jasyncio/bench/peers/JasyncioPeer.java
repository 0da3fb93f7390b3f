package dev.jasyncio.bench.peers;

import dev.jasyncio.Async;
import dev.jasyncio.Backend;
import dev.jasyncio.Loop;
import dev.jasyncio.LoopGroup;
import dev.jasyncio.Promise;
import dev.jasyncio.Task;
import dev.jasyncio.bench.Bodies;
import dev.jasyncio.bench.HttpServerWorkloads;
import dev.jasyncio.bench.HttpWorkloads;
import dev.jasyncio.bench.Peer;
import dev.jasyncio.bench.PrimitiveWorkloads;
import dev.jasyncio.bench.TcpWorkloads;
import dev.jasyncio.bench.RedisWorkloads;
import java.time.Duration;
import java.util.Locale;

/**
 * The workloads in jasyncio, on the backend named by {@code -Djasyncio.backend} (carrier unless
 * told otherwise); every body runs as a loop's main task. Each run of most workloads is a fresh
 * loop, as {@code asyncio.run} is for the Python peers. The workloads that can spread (spawn,
 * semaphore, the sleeps, tcp-echo) run on one loop, or under the harness's {@code --loops N}
 * ({@code -Djasyncio.bench.loops=N}) one {@link LoopGroup} of N loops each doing n / N, built at
 * the first run and kept for the process: an application builds its group once, as every other
 * peer keeps its scheduler's threads from run to run, and a group built per run measures the
 * start of its threads (1 to 3 ms a run, measured on two cores) rather than the workload. One loop is kept too, so
 * that one loop and a group compare like with like.
 */
public final class JasyncioPeer implements Peer, AutoCloseable {
  private static final Duration ONE_SECOND = Duration.ofSeconds(1);
  private final Backend backend = Backend.valueOf(
      System.getProperty("jasyncio.backend", "carrier").toUpperCase(Locale.ROOT));
  /** {@code --loops N} of the harness: the loops of a {@link LoopGroup} for the spreading workloads. */
  private final int loops = Integer.getInteger("jasyncio.bench.loops", 1);

  /** The spreading workloads' loop (one loop) or group (N), built at their first run. */
  private Loop loop;
  private LoopGroup group;

  /** A peer on the backend the system property names. */
  public JasyncioPeer() {}

  @Override
  public Bodies workloads() {
    return new Bodies()
        .on(PrimitiveWorkloads.PROMISE_PINGPONG, JasyncioPeer::promisePingPong)
        .on(PrimitiveWorkloads.QUEUE_PINGPONG, JasyncioPrimitives::queuePingPong)
        .on(PrimitiveWorkloads.PRODUCER_CONSUMER, JasyncioPrimitives::producerConsumer)
        .on(TcpWorkloads.TCP_ECHO_CONNS, JasyncioTcp::echoConns)
        .on(TcpWorkloads.TCP_STREAM, JasyncioTcp::stream)
        .on(HttpWorkloads.HTTP_GET, JasyncioHttp::get)
        .on(RedisWorkloads.REDIS_QUEUE, JasyncioRedisQueue::run)
        .on(HttpServerWorkloads.HTTP_SERVER, JasyncioHttpServer::serve)
        .on(HttpServerWorkloads.HTTP_SERVER_AWAIT, JasyncioHttpServer::serveAwaiting)
        .map(this::onLoop)
        // the workloads that spread over a LoopGroup under --loops N
        .on(PrimitiveWorkloads.SPAWN, spread(JasyncioPeer::spawn))
        .on(PrimitiveWorkloads.SEMAPHORE, spread(JasyncioPrimitives::semaphore))
        .on(PrimitiveWorkloads.SLEEP_100K, spread(JasyncioPeer::sleep))
        .on(PrimitiveWorkloads.SLEEP_1M, spread(JasyncioPeer::sleep))
        .on(TcpWorkloads.TCP_ECHO, loops == 1
            ? (n, service) -> keptLoop().runUntilComplete(() -> JasyncioTcp.echo(n))
            : (n, service) -> JasyncioTcp.echo(n, keptGroup()));
  }

  /** The body as the main task of a fresh loop. */
  private Bodies.Body onLoop(Bodies.Body body) {
    return (n, service) -> {
      try (Loop loop = Loop.builder().backend(backend).build()) {
        return loop.runUntilComplete(() -> body.run(n, service));
      }
    };
  }

  /**
   * With one loop, the body on the kept loop; with N, the kept group runs it on each loop with
   * n / N (N independent copies: their own tasks, their own semaphore) and sums the checksums.
   */
  private Bodies.Body spread(Bodies.Sized body) {
    if (loops == 1) {
      return (n, service) -> keptLoop().runUntilComplete(() -> body.run(n));
    }
    return (n, service) -> {
      long sum = 0;
      for (long part : keptGroup().run(() -> body.run(n / loops))) {
        sum += part;
      }
      return sum;
    };
  }

  private Loop keptLoop() {
    if (loop == null) {
      loop = Loop.builder().backend(backend).build();
    }
    return loop;
  }

  private LoopGroup keptGroup() {
    if (group == null) {
      group = LoopGroup.builder().loops(loops).backend(backend).build();
    }
    return group;
  }

  /** Closes the kept loop and group: the group's threads are not daemons. */
  @Override
  public void close() {
    try {
      if (loop != null) {
        loop.close();
      }
    } finally {
      if (group != null) {
        group.close();
      }
    }
  }

  /**
   * Starts n tasks, then awaits each; call from a task.
   *
   * @param n tasks
   * @return the sum of their results
   */
  public static long spawn(int n) {
    @SuppressWarnings("unchecked")
    Task<Integer>[] tasks = new Task[n];
    for (int i = 0; i < n; i++) {
      int v = i;
      tasks[i] = Async.createTask(() -> v);
    }
    long sum = 0;
    for (Task<Integer> t : tasks) {
      sum += t.await();
    }
    return sum;
  }

  /** Where the two sides of the promise ping-pong find the next promise to await or settle. */
  private static final class Slots {
    Promise<Integer> request;
    Promise<Integer> reply;
  }

  /**
   * n round trips between the calling task and one other: the caller sends i through a request
   * promise and awaits the reply promise; the other task awaits the request, arms the next one,
   * and replies i + 1.
   *
   * @param n round trips
   * @return the sum of the replies
   */
  public static long promisePingPong(int n) {
    Slots s = new Slots();
    s.request = Async.createPromise();
    Task<Void> ponger = Async.createTask(() -> {
      for (int i = 0; i < n; i++) {
        int v = s.request.await();
        s.request = Async.createPromise();
        s.reply.setResult(v + 1);
      }
    });
    long sum = 0;
    for (int i = 0; i < n; i++) {
      Promise<Integer> reply = Async.createPromise();
      s.reply = reply;
      s.request.setResult(i);
      sum += reply.await();
    }
    ponger.await();
    return sum;
  }

  /**
   * n tasks sleep one second at once; call from a task.
   *
   * @param n tasks
   * @return n
   */
  public static long sleep(int n) {
    @SuppressWarnings("unchecked")
    Task<Void>[] tasks = new Task[n];
    for (int i = 0; i < n; i++) {
      tasks[i] = Async.createTask(() -> Async.sleep(ONE_SECOND));
    }
    for (Task<Void> t : tasks) {
      t.await();
    }
    return n;
  }
}
