package dev.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 000's lessons: terms, and example1 to example7. */
class Seed000Test {

  @Test
  void termsACoroutineRunsWhenCalledATaskWhenMainSuspendsAPromiseWhenSet() {
    Runs.Ran ran = Runs.virtual(new Terms());
    assertThat(ran.lines()).containsExactly(
        "coroutine: calling fetchData(1) runs it right away",
        "Do something with 1...",
        "Done with 1",
        "coroutine: returned Result of 1",
        "task: created 'fetch', done=false (it starts when main suspends)",
        "Do something with 1...",
        "Done with 1",
        "task: awaited -> Result of 1, done=true",
        "future: created, done=false",
        "future: awaited -> set by a callback, done=true");
    assertThat(ran.seconds()).isEqualTo(2.5);
  }

  @Test
  void example1TheSynchronousBaselineAddsUpTheWaits() {
    Runs.Ran ran = Runs.virtual(new Example1());
    assertThat(ran.lines()).containsExactly(
        "Do something with 1...", "Done with 1", "Fetch 1 fully completed",
        "Do something with 2...", "Done with 2", "Fetch 2 fully completed",
        "[Result of 1, Result of 2]");
    assertThat(ran.seconds()).isEqualTo(3.0);
  }

  @Test
  void example2CallingTheWorkInTurnGivesNoConcurrency() {
    Runs.Ran ran = Runs.virtual(new Example2());
    assertThat(ran.lines()).containsExactly(
        "Do something with 1...", "Done with 1", "Task 1 fully completed",
        "Do something with 2...", "Done with 2", "Task 2 fully completed",
        "[Result of 1, Result of 2]");
    assertThat(ran.seconds()).isEqualTo(3.0);
  }

  @Test
  void example3TasksWaitAtTheSameTime() {
    Runs.Ran ran = Runs.virtual(new Example3());
    assertThat(ran.lines()).containsExactly(
        "Do something with 1...", "Do something with 2...",
        "Done with 1", "Task 1 fully completed",
        "Done with 2", "Task 2 fully completed",
        "[Result of 1, Result of 2]");
    assertThat(ran.seconds()).isEqualTo(2.0);
  }

  @Test
  void example4AwaitOrderChangesOnlyWhenMainLooks() {
    Runs.Ran ran = Runs.virtual(new Example4());
    assertThat(ran.lines()).containsExactly(
        "Do something with 1...", "Do something with 2...",
        "Done with 1", "Done with 2",
        "Task 2 fully completed", "Task 1 fully completed",
        "[Result of 1, Result of 2]");
    assertThat(ran.seconds()).isEqualTo(2.0);
  }

  @Test
  void example5ABlockingCallRunsTheTasksOneAfterAnotherAndDebugModeNamesThem() {
    Runs.Ran ran = Runs.virtual(new Example5(Duration.ofMillis(150)));
    List<String> program = ran.lines().stream().filter(l -> !l.startsWith("[loop report]")).toList();
    assertThat(program).containsExactly(
        "Do something with 1...", "Done with 1",
        "Do something with 2...", "Done with 2",
        "Task 1 fully completed", "Task 2 fully completed",
        "[Result of 1, Result of 2]");
    assertThat(ran.lines()).anySatisfy(l -> assertThat(l).contains("task 'fetch-1' held the loop"));
    assertThat(ran.lines()).anySatisfy(l -> assertThat(l).contains("task 'fetch-2' held the loop"));
    assertThat(ran.lines()).anySatisfy(l -> assertThat(l).contains("Example5.compute"));
    // no task ever waited on the loop: its clock did not move while the work held it
    assertThat(ran.seconds()).isZero();
  }

  @Test
  void example6OffloadedCallsOverlapOnThreadsAndOnTheCpuPool() {
    // 500 ms: wide enough that a loaded machine still starts both calls before either ends
    Runs.Ran ran = Runs.virtual(new Example6(Duration.ofMillis(500)));
    List<String> lines = ran.lines();
    assertThat(lines).hasSize(12);
    assertThat(lines.get(0)).isEqualTo("-- threads: Async.toThread");
    assertThat(lines.get(6)).isEqualTo("-- CPU pool: Async.onCpu");
    // the CPU pool has a thread per core: on one core its two calls take turns
    int[] parts = Runtime.getRuntime().availableProcessors() >= 2 ? new int[] {0, 6} : new int[] {0};
    for (int part : parts) {
      // both calls start before either ends: they overlap
      assertThat(lines.subList(part + 1, part + 3))
          .containsExactlyInAnyOrder("Do something with 1...", "Do something with 2...");
      assertThat(lines.subList(part + 3, part + 5)).containsExactly("Done with 1", "Done with 2");
      assertThat(lines.get(part + 5)).isEqualTo("[Result of 1, Result of 2]");
    }
    assertThat(ran.seconds()).isCloseTo(0.0, within(1e-9));
  }

  @Test
  void example7GatherLeavesOrphansGatherSettledReturnsAllTaskGroupCancelsSiblingsAndGroupsFailures() {
    Runs.Ran ran = Runs.virtual(new Example7());
    assertThat(ran.lines()).containsExactly(
        "gather: results in the order given",
        "  fast: done at 0.25 s",
        "  slow: done at 0.50 s",
        "  -> [slow, fast]",
        "gather with a failure: it throws at once, the others keep running",
        "  bad: fails at 0.75 s",
        "  -> gather threw 'bad failed' at 0.75 s; a done? false",
        "  a: done at 1.00 s",
        "  -> the orphan a still finishes: a",
        "gatherSettled (return_exceptions=True): every outcome, nothing thrown",
        "  bad: fails at 1.25 s",
        "  a: done at 1.50 s",
        "  -> ok: a",
        "  -> failed: bad failed",
        "TaskGroup: a failure cancels the siblings; all failures come together",
        "  bad1: fails at 1.75 s",
        "  bad2: fails at 1.75 s",
        "  a: cancelled at 1.75 s",
        "  -> ExceptionGroup at 1.75 s: [bad1 failed, bad2 failed]");
    assertThat(ran.seconds()).isEqualTo(1.75);
  }
}
