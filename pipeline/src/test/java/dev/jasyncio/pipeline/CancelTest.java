package dev.jasyncio.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.Task;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cancelling a run (what Ctrl-C does to the main task) loses no item: each is done or marked. */
class CancelTest {
  @TempDir
  Path dir;

  @Test
  void aCancelledRunMarksEveryUnfinishedItemCancelled() {
    try (ImageServer server = Cli.smallServer().images(4).fault(2, Fault.STALL).start()) {
      List<Item> items = PipelineRun.items(server.urls());
      Settings settings = new Settings(dir, ImageProcessor.Format.JPEG, 50_000_000, 8, Duration.ofSeconds(10),
          Duration.ofSeconds(60), Duration.ofSeconds(60), 0, false);
      assertThatThrownBy(() -> Async.run(() -> {
        try (Downloader downloader = Downloader.open(settings)) {
          Task<PipelineRun.Result> run = Async.createTask(
              () -> new PipelineRun(Mode.PIPELINED, items, settings, downloader, Progress.silent(), dir).run());
          while (items.get(2).downloadStart < 0) {
            Async.sleep(Duration.ofMillis(10)); // until the stalled download has started
          }
          run.cancel();
          return run.await();
        }
      })).isInstanceOf(CancelledException.class);
      assertThat(items.get(2).status).isEqualTo("failed");
      assertThat(items.get(2).errorKind).isEqualTo(ErrorKind.CANCELLED);
      for (Item i : items) {
        assertThat(i.ok() || i.errorKind == ErrorKind.CANCELLED).as(i.name + " " + i.status).isTrue();
      }
    }
  }
}
