package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A call that pins its thread (a pipe read) inside {@link Async#toThread} must not stop the loop:
 * the offloaded thread runs on the JDK's scheduler, never on the loop's carrier.
 */
class ToThreadPinningTest {

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aPipeReadOffTheLoopLeavesTheLoopFreeToFeedThePipe() throws Exception {
    Process cat = new ProcessBuilder("cat").start();
    try {
      String read = TestLoops.runVirtual(() -> {
        Task<byte[]> reader = Async.createTask(() -> Async.toThread(() -> cat.getInputStream().readAllBytes()));
        Async.toThread(() -> Thread.sleep(100)); // let the read begin and block
        // If the read held the loop's thread, this task could never run again to close the pipe.
        try (OutputStream in = cat.getOutputStream()) {
          in.write("hello".getBytes(StandardCharsets.UTF_8));
        }
        return new String(reader.await(), StandardCharsets.UTF_8);
      });
      assertThat(read).isEqualTo("hello");
    } finally {
      cat.destroyForcibly();
    }
  }
}
