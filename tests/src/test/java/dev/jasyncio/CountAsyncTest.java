package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 002's countasync and its sequential twin, on the virtual clock. */
class CountAsyncTest {
  private static void count(List<String> out) {
    out.add("One");
    Async.sleep(Duration.ofSeconds(1));
    out.add("Two");
  }

  @Test
  void threeTasksFinishTogetherAtOneSecond() {
    List<String> out = TestLoops.list();
    double end = TestLoops.runVirtual(() -> {
      Task<Void> a = Async.createTask(() -> count(out));
      Task<Void> b = Async.createTask(() -> count(out));
      Task<Void> c = Async.createTask(() -> count(out));
      a.await();
      b.await();
      c.await();
      return Async.currentLoop().time();
    });
    assertThat(out).containsExactly("One", "One", "One", "Two", "Two", "Two");
    assertThat(end).isEqualTo(1.0);
  }

  @Test
  void inSequenceTheyFinishAtThreeSeconds() {
    List<String> out = TestLoops.list();
    double end = TestLoops.runVirtual(() -> {
      for (int i = 0; i < 3; i++) {
        count(out);
      }
      return Async.currentLoop().time();
    });
    assertThat(out).containsExactly("One", "Two", "One", "Two", "One", "Two");
    assertThat(end).isEqualTo(3.0);
  }
}
