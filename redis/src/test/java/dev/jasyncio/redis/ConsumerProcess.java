package dev.jasyncio.redis;

import dev.jasyncio.Async;
import dev.jasyncio.QueueShutDownException;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A consumer in its own process, for {@link KillTest}: {@link KillTest#TASKS} tasks take items
 * until the queue shuts down.
 * For each item it writes {@code P id deliveries} (processed: the handler's effect) and then, after
 * {@code taskDone}, {@code A id} (acknowledged), each line straight to the file so that a SIGKILL
 * loses nothing already written.
 *
 * <p>Arguments: redis URL, queue name, consumer name, output file, visibility timeout in ms.
 */
public final class ConsumerProcess {
  private ConsumerProcess() {}

  private static void consume(DistributedQueue<String> q, FileOutputStream out) throws java.io.IOException {
    while (true) {
      Delivery<String> d;
      try {
        d = q.get();
      } catch (QueueShutDownException done) {
        return;
      }
      write(out, "P " + d.id() + " " + d.deliveries() + "\n");
      q.taskDone(d);
      write(out, "A " + d.id() + "\n");
    }
  }

  /** One line in one write call, so a SIGKILL never leaves half a line. */
  private static void write(FileOutputStream out, String line) throws java.io.IOException {
    out.write(line.getBytes(StandardCharsets.UTF_8));
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String name = args[1];
    String consumer = args[2];
    Duration visibility = Duration.ofMillis(Long.parseLong(args[4]));
    try (FileOutputStream out = new FileOutputStream(args[3], true)) {
      Async.run(() -> {
        try (var q = DistributedQueue.builder(url, name, Codec.strings()).consumer(consumer)
            .visibilityTimeout(visibility).pollInterval(Duration.ofMillis(100)).build()) {
          Async.taskGroup(tg -> {
            for (int t = 0; t < KillTest.TASKS; t++) {
              tg.createTask(() -> consume(q, out));
            }
          });
        }
      });
    }
  }
}
