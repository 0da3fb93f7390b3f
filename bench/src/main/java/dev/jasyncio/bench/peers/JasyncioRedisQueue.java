package dev.jasyncio.bench.peers;

import dev.jasyncio.Async;
import dev.jasyncio.bench.RedisWorkloads;
import dev.jasyncio.redis.Codec;
import dev.jasyncio.redis.Delivery;
import dev.jasyncio.redis.DistributedQueue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * redis-queue in jasyncio: this process is the producer, {@link RedisWorkloads#CONSUMERS} JVMs
 * started with the same flags are the consumers, all on one {@link DistributedQueue}. The
 * consumers start on the first run and live as long as this process (they end when their stdin
 * closes), so the warm-up runs warm them too.
 */
public final class JasyncioRedisQueue {
  private static final String QUEUE = "bench-jasyncio-" + ProcessHandle.current().pid();
  private static List<Process> consumers;

  private JasyncioRedisQueue() {}

  private static DistributedQueue<byte[]> queue(String url, String name, String consumer) {
    return DistributedQueue.builder(url, name, Codec.bytes()).consumer(consumer)
        .poolSize(RedisWorkloads.TASKS_PER_PROCESS + 4).pollInterval(Duration.ofMillis(50)).build();
  }

  /**
   * Puts n items of 1 KiB from {@link RedisWorkloads#TASKS_PER_PROCESS} tasks and waits until the
   * consumers acknowledged every one; call from a task.
   *
   * @param n items
   * @param service the redis-server's {@code host:port}
   * @return n
   * @throws Exception if a consumer would not start or Redis failed
   */
  public static long run(int n, String service) throws Exception {
    String url = "redis://" + service;
    if (consumers == null) {
      consumers = Async.toThread(() -> startConsumers(url));
    }
    byte[] payload = new byte[RedisWorkloads.ITEM_SIZE];
    Arrays.fill(payload, (byte) 'x');
    try (DistributedQueue<byte[]> q = queue(url, QUEUE, "producer")) {
      Async.taskGroup(tg -> {
        for (int t = 0; t < RedisWorkloads.TASKS_PER_PROCESS; t++) {
          int first = t;
          tg.createTask(() -> {
            for (int i = first; i < n; i += RedisWorkloads.TASKS_PER_PROCESS) {
              q.put(payload);
            }
          });
        }
      });
      q.join();
    }
    return n;
  }

  private static List<Process> startConsumers(String url) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments()); // the peer's own flags
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), JasyncioRedisQueue.class.getName(), url, QUEUE));
    List<Process> started = new ArrayList<>();
    for (int i = 0; i < RedisWorkloads.CONSUMERS; i++) {
      List<String> c = new ArrayList<>(cmd);
      c.add("consumer-" + i);
      started.add(new ProcessBuilder(c).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }
    for (Process p : started) {
      String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
      if (!"ready".equals(line)) {
        throw new IOException("a redis-queue consumer did not start: " + line);
      }
    }
    return started;
  }

  /**
   * A consumer process: {@code URL QUEUE NAME}; takes and acknowledges items with
   * {@link RedisWorkloads#TASKS_PER_PROCESS} tasks until its stdin closes.
   *
   * @param args the redis URL, the queue's name and this consumer's name
   */
  public static void main(String[] args) {
    Thread.ofPlatform().daemon().start(() -> { // the producer's process ended: so do we
      try {
        while (System.in.read() >= 0) {
          // nothing is sent; wait for the end
        }
      } catch (IOException e) {
        // the pipe broke: the producer is gone
      }
      Runtime.getRuntime().halt(0);
    });
    Async.run(() -> {
      try (DistributedQueue<byte[]> q = queue(args[0], args[1], args[2])) {
        System.out.println("ready");
        System.out.flush();
        Async.taskGroup(tg -> {
          for (int t = 0; t < RedisWorkloads.TASKS_PER_PROCESS; t++) {
            tg.createTask(() -> {
              while (true) {
                Delivery<byte[]> d = q.get();
                q.taskDone(d);
              }
            });
          }
        });
      }
    });
  }
}
