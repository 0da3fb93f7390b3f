package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.testkit.AsyncTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Seed 002's countasync and its sequential twin, on the virtual clock. */
class CountAsyncTest {
  private static void count(List<String> out) {
    out.add("One");
    Async.sleep(Duration.ofSeconds(1));
    out.add("Two");
  }

  @AsyncTest
  void threeTasksFinishTogetherAtOneSecond(Loop loop) {
    List<String> out = new ArrayList<>(); // tasks of one loop never run at once: no lock needed
    Task<Void> a = Async.createTask(() -> count(out));
    Task<Void> b = Async.createTask(() -> count(out));
    Task<Void> c = Async.createTask(() -> count(out));
    a.await();
    b.await();
    c.await();
    assertThat(out).containsExactly("One", "One", "One", "Two", "Two", "Two");
    assertThat(loop.time()).isEqualTo(1.0);
  }

  @AsyncTest
  void inSequenceTheyFinishAtThreeSeconds(Loop loop) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      count(out);
    }
    assertThat(out).containsExactly("One", "Two", "One", "Two", "One", "Two");
    assertThat(loop.time()).isEqualTo(3.0);
  }
}
