package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Offloaded work runs in a copy of the calling task's context, as asyncio's to_thread. */
class OffloadContextTest {
  private static final ContextVar<String> REQUEST = new ContextVar<>("request", "none");

  @Test
  void toThreadOnCpuAndRunInExecutorSeeTheCallersValuesAndKeepTheirSetsToThemselves() {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      TestLoops.runVirtual(() -> {
        REQUEST.set("r-42");
        assertThat(Async.toThread(() -> REQUEST.get())).isEqualTo("r-42");
        assertThat(Async.onCpu(() -> REQUEST.get())).isEqualTo("r-42");
        assertThat(Async.runInExecutor(pool, () -> REQUEST.get())).isEqualTo("r-42");
        String inside = Async.toThread(() -> {
          REQUEST.set("changed in the thread");
          return REQUEST.get();
        });
        assertThat(inside).isEqualTo("changed in the thread");
        assertThat(REQUEST.get()).isEqualTo("r-42"); // nothing leaks back
        // and nothing stays behind on the pool thread
        assertThat(pool.submit(() -> REQUEST.get()).get()).isEqualTo("none");
        return null;
      });
    } finally {
      pool.shutdownNow();
    }
  }
}
