package dev.jasyncio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;

import dev.jasyncio.Async;
import dev.jasyncio.Backend;
import dev.jasyncio.Clock;
import dev.jasyncio.Loop;
import dev.jasyncio.Task;
import dev.jasyncio.TimeoutException;
import dev.jasyncio.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Events;

/** What {@link AsyncTest} gives a test: a loop per test, virtual time, parameters, timeouts. */
class AsyncTestTest {
  @AsyncTest
  void tenVirtualMinutesTakeMilliseconds(Loop loop) {
    Async.sleep(Duration.ofMinutes(10));
    assertThat(loop.time()).isEqualTo(600.0);
  }

  @AsyncTest
  void theBodyIsTheMainTaskOfAFreshDebugLoop(Loop loop, VirtualClock clock, Clock asClock, Backend backend) {
    assertThat(Async.currentLoop()).isSameAs(loop);
    assertThat(Async.currentTask().getName()).isEqualTo("@AsyncTest theBodyIsTheMainTaskOfAFreshDebugLoop()");
    assertThat(loop.clock()).isSameAs(clock).isSameAs(asClock);
    assertThat(clock.isAutojump()).isTrue();
    assertThat(clock.nanoTime()).isZero();
    assertThat(loop.isDebug()).isTrue();
    assertThat(backend).isEqualTo(Backend.defaultBackend()).isEqualTo(loop.backend());
  }

  @AsyncTest(backends = {Backend.CARRIER, Backend.PORTABLE})
  void namedBackendsEachGetAnInvocation(Loop loop, Backend backend) {
    assertThat(loop.backend()).isEqualTo(backend);
  }

  @Test
  void eachBackendShowsUpByName() {
    Events events = EngineRuns.run(Examples.class, "onEachBackend");
    assertThat(events.succeeded().stream().map(e -> e.getTestDescriptor().getDisplayName()))
        .containsExactly("carrier", "portable");
  }

  @Test
  void replayRunsExactlyTheGivenSchedule() {
    Events events = EngineRuns.run(Examples.class, "replaysSeed42");
    assertThat(events.succeeded().stream().map(e -> e.getTestDescriptor().getDisplayName()))
        .containsExactly(Backend.defaultBackend().name().toLowerCase() + ", replay, seed 42");
  }

  @AsyncTest(manualClock = true)
  void aManualClockMovesOnlyWhenTheTestAdvancesIt(Loop loop, VirtualClock clock) {
    Task<Void> sleeper = Async.createTask(() -> Async.sleep(Duration.ofSeconds(5)));
    for (int i = 0; i < 10; i++) {
      Async.sleep(Duration.ZERO);
    }
    assertThat(sleeper.isDone()).isFalse();
    assertThat(loop.time()).isZero();
    clock.advance(Duration.ofSeconds(5));
    sleeper.await();
    assertThat(loop.time()).isEqualTo(5.0);
  }

  @AsyncTest(timeout = "10s")
  void finishingWithinTheVirtualTimeoutPasses(Loop loop) {
    Async.sleep(Duration.ofSeconds(9));
    assertThat(loop.time()).isEqualTo(9.0);
  }

  @Test
  void aVirtualTimeoutCancelsTheTestAndSaysWhereItWaited() {
    assertTimesOut("sleepsPastItsTimeout", "sleepsPastItsTimeout() timed out after 10s of virtual time");
  }

  @Test
  void aRealTimeoutEndsADeadlock() {
    assertTimesOut("deadlocks", "deadlocks() timed out after 0.2s of real time");
  }

  /** The example fails with a TimeoutException whose stack is where the example waited. */
  private static void assertTimesOut(String example, String message) {
    Events events = EngineRuns.run(Examples.class, example);
    assertThat(EngineRuns.failures(events)).singleElement(THROWABLE).satisfies(t -> {
      assertThat(t).isInstanceOf(TimeoutException.class).hasMessage(message);
      assertThat(t.getStackTrace()).anyMatch(f -> f.getMethodName().equals(example));
    });
  }

  @Test
  void aCheckedExceptionFailsTheTestAsIs() {
    Events events = EngineRuns.run(Examples.class, "throwsChecked");
    assertThat(EngineRuns.failures(events)).singleElement(THROWABLE)
        .isInstanceOf(IOException.class).hasMessage("disk full");
  }

  @Test
  void aBadDurationIsAClearError() {
    Events events = EngineRuns.runAll(Examples.class, "badTimeout");
    assertThat(EngineRuns.failures(events)).singleElement(THROWABLE).satisfies(t -> assertThat(t)
        .hasMessageContaining("@AsyncTest(timeout = \"10 sec\") on badTimeout() is not a duration"));
  }

  /** Tests run through JUnit by the tests above; surefire skips nested classes. */
  static class Examples {
    @AsyncTest(backends = {Backend.CARRIER, Backend.PORTABLE})
    void onEachBackend() {}

    @AsyncTest(schedules = 100, replay = 42L)
    void replaysSeed42() {}

    @AsyncTest(timeout = "10s")
    void sleepsPastItsTimeout() {
      Async.sleep(Duration.ofHours(1));
    }

    @AsyncTest(realTimeout = "200ms")
    void deadlocks() {
      Async.currentLoop().createPromise().await();
    }

    @AsyncTest
    void throwsChecked() throws IOException {
      throw new IOException("disk full");
    }

    @AsyncTest(timeout = "10 sec")
    void badTimeout() {}
  }
}
