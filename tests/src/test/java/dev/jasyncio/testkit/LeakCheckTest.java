package dev.jasyncio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Events;

/** A test that leaves a task running, or a failure nobody retrieved, fails and names it. */
class LeakCheckTest {
  @Test
  void aLeakedTaskFailsTheTestWithItsNameAndWhereItWasCreated() {
    Events events = EngineRuns.run(Leaky.class, "leavesATaskRunning");
    assertThat(EngineRuns.failures(events)).singleElement(THROWABLE).satisfies(t -> assertThat(t)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("leavesATaskRunning() leaked:")
        .hasMessageContaining("1 task still running")
        .hasMessageContaining("'leaky-worker'")
        .hasMessageContaining("created at\n      at " + Leaky.class.getName() + ".leavesATaskRunning(LeakCheckTest.java:"));
  }

  @Test
  void aFailureNobodyRetrievedFailsTheTest() {
    Events events = EngineRuns.run(Leaky.class, "dropsAFailure");
    assertThat(EngineRuns.failures(events)).singleElement(THROWABLE).satisfies(t -> {
      assertThat(t).hasMessageContaining("dropsAFailure() leaked:")
          .hasMessageContaining("1 failure nobody retrieved")
          .hasMessageContaining("'failing-worker' failed with java.lang.IllegalStateException: boom")
          .hasMessageContaining(Leaky.class.getName() + ".dropsAFailure(LeakCheckTest.java:");
      assertThat(t.getSuppressed()).singleElement(THROWABLE).hasMessage("boom");
    });
  }

  @Test
  void aLeakIsAddedToTheTestsOwnFailure() {
    Events events = EngineRuns.run(Leaky.class, "failsAndLeaks");
    assertThat(EngineRuns.failures(events)).singleElement(THROWABLE).satisfies(t -> {
      assertThat(t).hasMessage("the test's own failure");
      assertThat(t.getSuppressed()).singleElement(THROWABLE).satisfies(s ->
          assertThat(s).hasMessageContaining("'orphan'"));
    });
  }

  @AsyncTest
  void aCancelledTaskIsOnItsWayOutNotALeak() {
    Task<Void> t = Async.createTask(() -> Async.sleep(Duration.ofHours(1)));
    Async.sleep(Duration.ZERO);
    t.cancel();
  }

  @AsyncTest(leakCheck = false)
  void theLeakCheckCanBeTurnedOff() {
    Async.createTask(() -> Async.sleep(Duration.ofHours(1)));
  }

  /** Leaky tests, run through JUnit by the tests above; surefire skips nested classes. */
  static class Leaky {
    @AsyncTest
    void leavesATaskRunning() {
      Async.createTask(() -> Async.sleep(Duration.ofHours(1)), "leaky-worker");
    }

    @AsyncTest
    void dropsAFailure() {
      Async.createTask(() -> {
        throw new IllegalStateException("boom");
      }, "failing-worker");
      Async.sleep(Duration.ofSeconds(1));
    }

    @AsyncTest
    void failsAndLeaks() {
      Async.createTask(() -> Async.sleep(Duration.ofHours(1)), "orphan");
      throw new AssertionError("the test's own failure");
    }
  }
}
