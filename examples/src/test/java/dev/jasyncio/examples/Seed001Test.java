package dev.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 001's lessons: hello async world, something else, the Future, executors, files. */
class Seed001Test {

  @Test
  void helloAsyncWorldPrintsAfterTwoSeconds() {
    Runs.Ran ran = Runs.virtual(new HelloAsyncWorld());
    assertThat(ran.lines()).containsExactly("Hello, Async World!");
    assertThat(ran.seconds()).isEqualTo(2.0);
  }

  @Test
  void theOtherTaskRunsAndFinishesDuringTheWait() {
    Runs.Ran ran = Runs.virtual(new SomethingElse());
    assertThat(ran.lines()).containsExactly(
        "Starting another task...", "Finished another task!", "Hello, Async World!");
    assertThat(ran.seconds()).isEqualTo(2.0);
  }

  @Test
  void aPromiseRunsItsCallbackOnTheLoopAndResultRethrowsItsFailure() {
    Runs.Ran ran = Runs.virtual(new FutureCallbacks());
    // main reads the result at once; the callback runs at main's next suspension point
    assertThat(ran.lines()).containsExactly(
        "Main: Operation succeeded", "Callback: Operation succeeded",
        "Main: Operation failed", "Callback: Operation failed");
    assertThat(ran.seconds()).isEqualTo(2.0);
  }

  @Test
  void aBlockingCallInAnExecutorLeavesTheLoopFreeForOtherTasks() {
    // Real clock: virtual time stands still while offloaded work runs, so ticks need real time.
    Runs.Ran ran = Runs.real(new SyncInExecutor(Duration.ofMillis(300)));
    List<String> lines = ran.lines();
    int start = lines.indexOf("Starting a slow sync task...");
    int end = lines.indexOf("Finished the slow task.");
    assertThat(start).isZero();
    assertThat(end).isGreaterThan(start);
    assertThat(lines.subList(start + 1, end)).isNotEmpty()
        .allMatch(l -> l.equals("another task: the loop is free"));
  }

  @Test
  void filesAreReadOffTheLoopAndComeBackInOrder() {
    Runs.Ran ran = Runs.virtual(new ReadFiles());
    assertThat(ran.lines()).containsExactly("[contents of file 1, contents of file 2]");
  }
}
