package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** asyncio's gather (both modes) and shield. */
class GatherTest {
  private static final Duration HOUR = Duration.ofHours(1);

  private static double now() {
    return Async.currentLoop().time();
  }

  private static <T> Callable<T> after(double seconds, T value) {
    return () -> {
      Async.sleep(seconds);
      return value;
    };
  }

  private static Callable<String> failAfter(double seconds, RuntimeException e) {
    return () -> {
      Async.sleep(seconds);
      throw e;
    };
  }

  // --- gather ---------------------------------------------------------------------------------

  @Test
  void resultsComeInTheOrderGivenNotTheOrderOfCompletion() {
    TestLoops.runVirtual(() -> {
      List<String> r = Async.gather(after(3, "a"), after(1, "b"), after(2, "c"));
      assertThat(r).containsExactly("a", "b", "c");
      assertThat(now()).isEqualTo(3.0); // concurrently
      Task<Integer> t = Async.createTask(after(1, 1));
      Promise<Integer> p = Async.createPromise();
      Async.currentLoop().callLater(Duration.ofSeconds(2), () -> p.setResult(2));
      assertThat(Async.gather(t, p)).containsExactly(1, 2);
      assertThat(Async.gather(List.of(t, t))).containsExactly(1, 1);
      return null;
    });
  }

  @Test
  void gatherOfNothingIsAnEmptyList() {
    TestLoops.runVirtual(() -> {
      assertThat(Async.gather(List.<Task<String>>of())).isEmpty();
      assertThat(Async.gatherSettled(List.<Task<String>>of())).isEmpty();
      return null;
    });
  }

  @Test
  void theFirstFailurePropagatesAtOnceAndTheOthersKeepRunning() {
    TestLoops.runVirtual(() -> {
      Task<String> slow = Async.createTask(after(5, "slow"));
      Task<String> bad = Async.createTask(failAfter(1, new IllegalStateException("boom")));
      Task<String> bad2 = Async.createTask(failAfter(2, new IllegalStateException("boom 2")));
      assertThatThrownBy(() -> Async.gather(slow, bad, bad2))
          .isInstanceOf(IllegalStateException.class).hasMessage("boom");
      assertThat(now()).isEqualTo(1.0);
      assertThat(slow.isDone()).isFalse();
      assertThat(slow.await()).isEqualTo("slow"); // not cancelled
      assertThatThrownBy(bad2::await).hasMessage("boom 2"); // retrieved by us, not lost
      return null;
    });
  }

  @Test
  void aLaterFailureNobodyAwaitsIsReportedByTheLoopNotLost() {
    List<ExceptionContext> reports = TestLoops.list();
    TestLoops.runVirtual(reports, () -> {
      Task<String> bad = Async.createTask(failAfter(1, new IllegalStateException("first")));
      Task<String> bad2 = Async.createTask(failAfter(2, new IllegalStateException("second")));
      assertThatThrownBy(() -> Async.gather(bad, bad2)).hasMessage("first");
      Async.sleep(5);
      return null;
    });
    assertThat(reports).singleElement().satisfies(r -> assertThat(r.exception()).hasMessage("second"));
  }

  @Test
  void aCheckedFailureArrivesAsTheCauseOfACompletionException() {
    TestLoops.runVirtual(() -> {
      Task<String> t = Async.createTask(() -> {
        throw new java.io.IOException("io");
      });
      assertThatThrownBy(() -> Async.gather(t)).isInstanceOf(java.util.concurrent.CompletionException.class)
          .hasCauseInstanceOf(java.io.IOException.class);
      return null;
    });
  }

  @Test
  void aCancelledChildRaisesCancelledButDoesNotCancelGatherOrItsSiblings() {
    TestLoops.runVirtual(() -> {
      Task<String> a = Async.createTask(after(1, "a"));
      Task<String> b = Async.createTask(after(5, "b"));
      Task<List<String>> g = Async.createTask(() -> Async.gather(a, b));
      Async.sleep(Duration.ofSeconds(2));
      b.cancel();
      assertThatThrownBy(g::await).isInstanceOf(CancelledException.class);
      assertThat(g.isCancelled()).isTrue(); // the gatherer ended by the child's cancellation
      assertThat(a.await()).isEqualTo("a");
      return null;
    });
  }

  @Test
  void cancellingTheGatheringTaskCancelsEveryChildNotDoneAndWaitsForThem() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<String> done = Async.createTask(after(1, "done"));
      Task<String> slow = Async.createTask(() -> {
        try {
          Async.sleep(HOUR);
          return "never";
        } finally {
          CancelScope.shielded().run(() -> Async.sleep(Duration.ofSeconds(1)));
          out.add("child cleaned up at " + now());
        }
      });
      Task<List<String>> g = Async.createTask(() -> Async.gather(done, slow));
      Async.sleep(Duration.ofSeconds(2));
      g.cancel();
      assertThatThrownBy(g::await).isInstanceOf(CancelledException.class);
      out.add("gather cancelled at " + now());
      assertThat(slow.isCancelled()).isTrue();
      assertThat(done.result()).isEqualTo("done");
      return null;
    });
    assertThat(out).containsExactly("child cleaned up at 3.0", "gather cancelled at 3.0");
  }

  @Test
  void childrenFailingWhileGatherIsCancelledAreThrownNotLost() {
    TestLoops.runVirtual(() -> {
      Task<String> stubborn = Async.createTask(() -> {
        try {
          Async.sleep(HOUR);
          return "never";
        } catch (CancelledException c) {
          throw new IllegalStateException("failed during cancel");
        }
      });
      Task<List<Outcome<String>>> g = Async.createTask(() -> Async.gatherSettled(stubborn));
      Async.sleep(Duration.ofSeconds(1));
      g.cancel();
      assertThatThrownBy(g::await).isInstanceOf(ExceptionGroup.class)
          .satisfies(e -> assertThat(((ExceptionGroup) e).exceptions())
              .singleElement().extracting(Throwable::getMessage).isEqualTo("failed during cancel"));
      return null;
    });
  }

  @Test
  void gatherBadInput() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.gather((List<Task<String>>) null))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> Async.gather(java.util.Arrays.asList((Task<String>) null)))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("null");
      return null;
    });
    try (Loop other = Loop.builder().clock(Clock.virtual()).build()) {
      Promise<String> foreign = other.createPromise();
      TestLoops.runVirtual(() -> {
        assertThatThrownBy(() -> Async.gather(foreign)).isInstanceOf(WrongLoopException.class);
        assertThatThrownBy(() -> Async.gatherSettled(foreign)).isInstanceOf(WrongLoopException.class);
        return null;
      });
    }
    assertThatThrownBy(() -> Async.gather(List.<Task<String>>of()))
        .isInstanceOf(NoRunningLoopException.class);
  }

  // --- gather(return_exceptions=True) ---------------------------------------------------------

  @Test
  void settledReturnsEveryOutcomeInOrderAndThrowsNothing() {
    List<ExceptionContext> reports = TestLoops.list();
    TestLoops.runVirtual(reports, () -> {
      Task<String> ok = Async.createTask(after(2, "ok"));
      Task<String> bad = Async.createTask(failAfter(1, new IllegalStateException("bad")));
      Task<String> cancelled = Async.createTask(after(5, "c"));
      Async.currentLoop().callLater(Duration.ofSeconds(1), cancelled::cancel);
      List<Outcome<String>> r = Async.gatherSettled(ok, bad, cancelled);
      assertThat(r.get(0)).isEqualTo(new Outcome.Success<>("ok"));
      assertThat(r.get(1)).isInstanceOfSatisfying(Outcome.Failure.class,
          f -> assertThat(f.error()).hasMessage("bad"));
      assertThat(r.get(2)).isInstanceOf(Outcome.Cancelled.class);
      assertThat(r.get(0).get()).isEqualTo("ok");
      assertThat(r.get(0).isSuccess()).isTrue();
      assertThatThrownBy(() -> r.get(1).get()).hasMessage("bad");
      assertThatThrownBy(() -> r.get(2).get()).isInstanceOf(CancelledException.class);
      assertThat(now()).isEqualTo(2.0);
      return null;
    });
    assertThat(reports).isEmpty(); // the failure was returned: retrieved, not reported
  }

  @Test
  void cancellingASettledGatherPropagatesTheCancellation() {
    TestLoops.runVirtual(() -> {
      Task<String> a = Async.createTask(after(10, "a"));
      Task<List<Outcome<String>>> g = Async.createTask(() -> Async.gatherSettled(a));
      Async.sleep(Duration.ofSeconds(1));
      g.cancel();
      assertThatThrownBy(g::await).isInstanceOf(CancelledException.class);
      assertThat(a.isCancelled()).isTrue();
      return null;
    });
  }

  // --- shield ---------------------------------------------------------------------------------

  @Test
  void cancellingTheAwaiterOfAShieldDoesNotCancelTheTask() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<String> something = Async.createTask(after(5, "saved"));
      Task<String> caller = Async.createTask(() -> Async.shield(something).await());
      Async.sleep(Duration.ofSeconds(1));
      caller.cancel();
      assertThatThrownBy(caller::await).isInstanceOf(CancelledException.class); // still raises
      out.add("caller cancelled at " + now());
      assertThat(something.isCancelled()).isFalse();
      out.add(something.await() + " at " + now());
      return null;
    });
    assertThat(out).containsExactly("caller cancelled at 1.0", "saved at 5.0");
  }

  @Test
  void cancellingTheTaskItselfCancelsTheShield() {
    TestLoops.runVirtual(() -> {
      Task<String> something = Async.createTask(after(5, "x"));
      Promise<String> shielded = Async.shield(something);
      Async.currentLoop().callLater(Duration.ofSeconds(1), something::cancel);
      assertThatThrownBy(shielded::await).isInstanceOf(CancelledException.class);
      assertThat(shielded.isCancelled()).isTrue();
      return null;
    });
  }

  @Test
  void aShieldFollowsTheResultAndTheFailureOfTheTask() {
    List<ExceptionContext> reports = TestLoops.list();
    TestLoops.runVirtual(reports, () -> {
      assertThat(Async.shield(Async.createTask(after(1, "v"))).await()).isEqualTo("v");
      Promise<String> f = Async.shield(Async.createTask(failAfter(1, new IllegalStateException("f"))));
      assertThatThrownBy(f::await).hasMessage("f");
      return null;
    });
    assertThat(reports).isEmpty(); // the failure reached us once, through the shield
  }

  @Test
  void shieldOfAFinishedTaskIsTheTaskItself() {
    TestLoops.runVirtual(() -> {
      Task<String> t = Async.createTask(() -> "done");
      t.await();
      assertThat(Async.shield(t)).isSameAs(t);
      assertThat(Async.shield(t).await()).isEqualTo("done");
      return null;
    });
  }

  @Test
  void aFailureAfterTheShieldWasAbandonedIsReportedByTheLoop() {
    List<ExceptionContext> reports = TestLoops.list();
    TestLoops.runVirtual(reports, () -> {
      Task<String> t = Async.createTask(failAfter(2, new IllegalStateException("late failure")));
      Task<String> caller = Async.createTask(() -> Async.shield(t).await());
      Async.sleep(Duration.ofSeconds(1));
      caller.cancel();
      Async.sleep(Duration.ofSeconds(2));
      assertThat(t.isDone()).isTrue();
      return null;
    });
    assertThat(reports).singleElement().satisfies(r ->
        assertThat(r.exception()).hasMessage("late failure"));
  }

  @Test
  void shieldBadInput() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.shield(null)).isInstanceOf(NullPointerException.class);
      return null;
    });
    try (Loop other = Loop.builder().clock(Clock.virtual()).build()) {
      Promise<String> foreign = other.createPromise();
      TestLoops.runVirtual(() -> {
        assertThatThrownBy(() -> Async.shield(foreign)).isInstanceOf(WrongLoopException.class);
        return null;
      });
    }
  }
}
