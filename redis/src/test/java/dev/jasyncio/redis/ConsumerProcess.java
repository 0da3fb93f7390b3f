package dev.jasyncio.redis;

import dev.jasyncio.Async;
import dev.jasyncio.QueueShutDownException;
import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A consumer in its own process, for {@link KillTest}: takes items until the queue shuts down.
 * For each item it writes {@code P id} (processed: the handler's effect) and then, after
 * {@code taskDone}, {@code A id} (acknowledged), each line straight to the file so that a SIGKILL
 * loses nothing already written.
 *
 * <p>Arguments: redis URL, queue name, consumer name, output file, visibility timeout in ms.
 */
public final class ConsumerProcess {
  private ConsumerProcess() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String name = args[1];
    String consumer = args[2];
    Duration visibility = Duration.ofMillis(Long.parseLong(args[4]));
    try (FileOutputStream out = new FileOutputStream(args[3], true)) {
      Async.run(() -> {
        try (var q = DistributedQueue.builder(url, name, Codec.strings()).consumer(consumer)
            .visibilityTimeout(visibility).pollInterval(Duration.ofMillis(100)).build()) {
          while (true) {
            Delivery<String> d;
            try {
              d = q.get();
            } catch (QueueShutDownException done) {
              return;
            }
            out.write(("P " + d.id() + "\n").getBytes(StandardCharsets.UTF_8));
            q.taskDone(d);
            out.write(("A " + d.id() + "\n").getBytes(StandardCharsets.UTF_8));
          }
        }
      });
    }
  }
}
