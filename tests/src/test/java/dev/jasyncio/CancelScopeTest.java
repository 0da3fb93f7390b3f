package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Trio's cancel-scope rules: deadlines, cancel(), nesting, shielding, level triggering. */
class CancelScopeTest {
  private static final Duration HOUR = Duration.ofHours(1);

  private static double now() {
    return Async.currentLoop().time();
  }

  private static void assumeCarrier() {
    org.junit.jupiter.api.Assumptions.assumeTrue(Backend.defaultBackend() == Backend.CARRIER,
        "only the carrier backend suspends a task inside a plain JDK call");
  }

  @Test
  void moveOnAfterEndsTheBodyAtTheDeadlineAndCatchesItsOwnCancellation() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      CancelScope s = CancelScope.moveOnAfter(Duration.ofSeconds(2), () -> {
        try {
          Async.sleep(HOUR);
          out.add("woke");
        } finally {
          out.add("finally at " + now());
        }
      });
      out.add("after at " + now());
      assertThat(s.cancelledCaught()).isTrue();
      assertThat(s.isCancelCalled()).isTrue();
      assertThat(s.isExpired()).isTrue();
      assertThat(Async.currentTask().cancelling()).isZero();
      Async.sleep(Duration.ofSeconds(1)); // the task itself is not cancelled
      return null;
    });
    assertThat(out).containsExactly("finally at 2.0", "after at 2.0");
  }

  @Test
  void aBodyThatFinishesInTimeIsNotCancelledAndItsTimerIsGone() {
    TestLoops.runVirtual(() -> {
      int timers = Async.currentLoop().pendingTimers();
      String r = new CancelScope().run(() -> "x");
      assertThat(r).isEqualTo("x");
      CancelScope s = CancelScope.after(Duration.ofSeconds(5));
      assertThat(s.run(() -> {
        Async.sleep(Duration.ofSeconds(1));
        return 7;
      })).isEqualTo(7);
      assertThat(s.cancelledCaught()).isFalse();
      assertThat(s.isCancelCalled()).isFalse();
      assertThat(Async.currentLoop().pendingTimers()).isEqualTo(timers);
      return null;
    });
  }

  @Test
  void failAfterThrowsTimeoutExceptionWhichIsNotACancellation() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> CancelScope.failAfter(Duration.ofSeconds(1), () -> {
        Async.sleep(HOUR);
        return 1;
      })).isInstanceOf(TimeoutException.class)
          .isNotInstanceOf(CancelledException.class)
          .hasCauseInstanceOf(CancelledException.class);
      assertThat(now()).isEqualTo(1.0);
      return null;
    });
  }

  @Test
  void cancelIsLevelTriggeredEverySuspensionPointInsideThrows() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      CancelScope s = new CancelScope();
      s.run(() -> {
        s.cancel();
        for (int i = 0; i < 3; i++) {
          try {
            Async.sleep(Duration.ofSeconds(1));
            out.add("slept");
          } catch (CancelledException swallowed) {
            out.add("cancelled " + i);
          }
        }
        out.add("end of body");
        Async.sleep(Duration.ZERO); // still cancelled: this throws and the scope catches it
        out.add("never");
      });
      assertThat(s.cancelledCaught()).isTrue();
      out.add("after");
      return null;
    });
    assertThat(out).containsExactly("cancelled 0", "cancelled 1", "cancelled 2", "end of body", "after");
  }

  @Test
  void aScopeCancelledBeforeItIsEnteredCancelsTheFirstSuspensionPoint() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      CancelScope s = new CancelScope();
      s.cancel();
      s.run(() -> {
        out.add("body runs until it suspends");
        Async.sleep(Duration.ZERO);
        out.add("never");
      });
      assertThat(s.cancelledCaught()).isTrue();
      return null;
    });
    assertThat(out).containsExactly("body runs until it suspends");
  }

  @Test
  void withoutASuspensionPointTheBodyCompletesAndTheScopeCatchesNothing() {
    TestLoops.runVirtual(() -> {
      CancelScope s = new CancelScope();
      assertThat(s.run(() -> {
        s.cancel();
        return "done";
      })).isEqualTo("done");
      assertThat(s.isCancelCalled()).isTrue();
      assertThat(s.cancelledCaught()).isFalse();
      return null;
    });
  }

  @Test
  void anInnerScopeWithALaterDeadlineDoesNotCatchTheOuterCancellation() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      CancelScope outer = CancelScope.after(Duration.ofSeconds(1));
      CancelScope inner = CancelScope.after(Duration.ofSeconds(10));
      outer.run(() -> {
        inner.run(() -> Async.sleep(HOUR));
        out.add("after inner: must not run");
      });
      assertThat(inner.cancelledCaught()).isFalse();
      assertThat(inner.isCancelCalled()).isFalse();
      assertThat(outer.cancelledCaught()).isTrue();
      assertThat(now()).isEqualTo(1.0);
      return null;
    });
    assertThat(out).isEmpty();
  }

  @Test
  void anInnerScopeWithAnEarlierDeadlineCatchesAndTheOuterGoesOn() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      CancelScope outer = CancelScope.moveOnAfter(Duration.ofSeconds(10), () -> {
        CancelScope inner = CancelScope.moveOnAfter(Duration.ofSeconds(1), () -> Async.sleep(HOUR));
        out.add("inner caught=" + inner.cancelledCaught() + " at " + now());
        Async.sleep(HOUR);
      });
      out.add("outer caught=" + outer.cancelledCaught() + " at " + now());
      return null;
    });
    assertThat(out).containsExactly("inner caught=true at 1.0", "outer caught=true at 10.0");
  }

  @Test
  void whenBothAreCancelledTheOutermostCatches() {
    TestLoops.runVirtual(() -> {
      CancelScope outer = new CancelScope();
      CancelScope inner = new CancelScope();
      outer.run(() -> inner.run(() -> {
        inner.cancel();
        outer.cancel();
        Async.sleep(HOUR);
      }));
      assertThat(inner.cancelledCaught()).isFalse();
      assertThat(outer.cancelledCaught()).isTrue();
      return null;
    });
  }

  @Test
  void aScopeNeverCatchesTheTasksOwnCancellation() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      CancelScope s = new CancelScope();
      Task<Void> t = Async.createTask(() -> s.run(() -> {
        try {
          Async.sleep(HOUR);
        } finally {
          out.add("body ended");
        }
      }));
      Async.sleep(Duration.ofSeconds(1));
      t.cancel("external");
      s.cancel(); // both: the task's request is outside every scope and wins
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("external");
      assertThat(s.cancelledCaught()).isFalse();
      return null;
    });
    assertThat(out).containsExactly("body ended");
  }

  @Test
  void aShieldedScopeHidesOuterCancellationsAndTheTaskCancelUntilItEnds() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> {
        CancelScope.shielded().run(() -> {
          Async.sleep(Duration.ofSeconds(5)); // not interrupted by the cancel at t=1
          out.add("shielded work done at " + now());
        });
        out.add("after shield");
        Async.sleep(Duration.ZERO); // the pending cancellation applies again here
        out.add("never");
      });
      Async.sleep(Duration.ofSeconds(1));
      t.cancel();
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
      return null;
    });
    assertThat(out).containsExactly("shielded work done at 5.0", "after shield");
  }

  @Test
  void aShieldedScopeStillObeysItsOwnDeadline() {
    TestLoops.runVirtual(() -> {
      CancelScope outer = new CancelScope();
      CancelScope[] inner = new CancelScope[1];
      outer.run(() -> {
        outer.cancel();
        inner[0] = CancelScope.after(Duration.ofSeconds(3));
        inner[0].setShield(true);
        inner[0].run(() -> Async.sleep(HOUR));
        assertThat(now()).isEqualTo(3.0);
        Async.sleep(Duration.ZERO); // the outer cancellation again
      });
      assertThat(inner[0].cancelledCaught()).isTrue();
      assertThat(outer.cancelledCaught()).isTrue();
      return null;
    });
  }

  @Test
  void loweringTheShieldWhileWaitingLetsThePendingCancellationIn() {
    TestLoops.runVirtual(() -> {
      CancelScope outer = new CancelScope();
      CancelScope inner = new CancelScope();
      inner.setShield(true);
      Task<Void> t = Async.createTask(() -> outer.run(() -> inner.run(() -> Async.sleep(HOUR))));
      Async.sleep(Duration.ofSeconds(1));
      outer.cancel();
      Async.sleep(Duration.ofSeconds(1));
      assertThat(t.isDone()).isFalse();
      inner.setShield(false);
      t.await();
      assertThat(now()).isEqualTo(2.0);
      assertThat(outer.cancelledCaught()).isTrue();
      return null;
    });
  }

  @Test
  void theDeadlineCanBeMovedLaterOrEarlierWhileTheScopeRuns() {
    TestLoops.runVirtual(() -> {
      CancelScope moved = CancelScope.after(Duration.ofSeconds(1));
      moved.run(() -> {
        moved.setDeadline(now() + 10);
        Async.sleep(Duration.ofSeconds(5)); // past the first deadline: no cancellation
        moved.setDeadlineAfter(Duration.ofSeconds(2));
        Async.sleep(HOUR);
      });
      assertThat(moved.cancelledCaught()).isTrue();
      assertThat(now()).isEqualTo(7.0);

      CancelScope past = new CancelScope();
      past.run(() -> {
        past.setDeadline(now() - 1); // in the past: cancelled at once
        Async.sleep(HOUR);
      });
      assertThat(past.cancelledCaught()).isTrue();
      assertThat(now()).isEqualTo(7.0);

      CancelScope none = CancelScope.after(Duration.ofSeconds(1));
      none.run(() -> {
        none.setDeadline(Double.POSITIVE_INFINITY);
        Async.sleep(Duration.ofSeconds(3));
      });
      assertThat(none.cancelledCaught()).isFalse();
      assertThat(none.deadline()).isInfinite();
      return null;
    });
  }

  @Test
  void aScopeCanBeCancelledFromAnotherTask() {
    TestLoops.runVirtual(() -> {
      CancelScope s = new CancelScope();
      Async.createTask(() -> {
        Async.sleep(Duration.ofSeconds(3));
        s.cancel();
      });
      s.run(() -> Async.sleep(HOUR));
      assertThat(s.cancelledCaught()).isTrue();
      assertThat(now()).isEqualTo(3.0);
      return null;
    });
  }

  @Test
  void aScopeCancelInterruptsABlockingSection() throws Exception {
    // real time: the task is blocked in a JDK call (the portable backend needs Async.blocking)
    CountDownLatch never = new CountDownLatch(1);
    try (Loop loop = Loop.builder().build()) {
      boolean caught = loop.runUntilComplete(() -> {
        CancelScope s = new CancelScope();
        Async.currentLoop().callLater(Duration.ofMillis(20), s::cancel);
        s.run(() -> Async.blocking(() -> {
          never.await();
          return null;
        }));
        Async.sleep(Duration.ZERO); // the interrupt did not leak: no stray cancellation
        return s.cancelledCaught();
      });
      assertThat(caught).isTrue();
    }
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a loop runs through an interrupt
  void aScopesInterruptThatCameAsTheSectionsCallReturnedDoesNotCancelTheTaskLater() throws Exception {
    // The call completes although the scope's deadline interrupted it (it returned just as the
    // interrupt came): the scope's body ends normally, and the interrupt, used up with the scope,
    // must not cancel the task at a later suspension point as if someone had interrupted it.
    try (Loop loop = Loop.builder().build()) {
      String after = loop.runUntilComplete(() -> {
        CancelScope s = CancelScope.moveOnAfter(Duration.ofMillis(20), () -> Async.blocking(() -> {
          while (!Thread.currentThread().isInterrupted()) {
            LockSupport.park(); // a wait the loop does not see, that the interrupt ends
          }
          return "done"; // the interrupt stays set, as a call that completed first leaves it
        }));
        assertThat(s.cancelledCaught()).isFalse();
        Async.sleep(Duration.ofMillis(1));
        Async.createTask(() -> 1).await();
        return "no stray cancellation";
      });
      assertThat(after).isEqualTo("no stray cancellation");
    }
  }

  @Test
  void aDeadlineInterruptsAPlainJdkCallOnTheCarrierBackend() {
    assumeCarrier();
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Void> other = Async.createTask(() -> {
        Async.sleep(Duration.ofMillis(500));
        out.add("other task ran at " + now());
      });
      CancelScope s = CancelScope.moveOnAfter(Duration.ofSeconds(1), () -> Thread.sleep(60_000));
      out.add("caught=" + s.cancelledCaught() + " at " + now());
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
      Async.sleep(Duration.ofSeconds(1)); // no stray cancellation left behind
      other.await();
      return null;
    });
    assertThat(out).containsExactly("other task ran at 0.5", "caught=true at 1.0");
  }

  @Test
  void aShieldKeepsATaskCancelFromInterruptingAJdkCallOnTheCarrierBackend() {
    assumeCarrier();
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> {
        CancelScope.shielded().run(() -> {
          Thread.sleep(100); // real time; the cancel below must not interrupt it
          out.add("shielded call finished");
        });
        Async.sleep(Duration.ZERO);
        out.add("never");
      });
      Async.sleep(Duration.ofMillis(1));
      t.cancel();
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
      return null;
    });
    assertThat(out).containsExactly("shielded call finished");
  }

  @Test
  void anExceptionOtherThanCancellationPassesThroughACancelledScope() {
    TestLoops.runVirtual(() -> {
      CancelScope s = new CancelScope();
      assertThatThrownBy(() -> s.run(() -> {
        s.cancel();
        try {
          Async.sleep(HOUR);
        } finally {
          throw new IllegalStateException("cleanup failed");
        }
      })).isInstanceOf(IllegalStateException.class).hasMessage("cleanup failed");
      assertThat(s.cancelledCaught()).isFalse();
      return null;
    });
  }

  @Test
  void aScopeIsEnteredOnceAndExitsInOrder() {
    TestLoops.runVirtual(() -> {
      CancelScope s = new CancelScope();
      s.run(() -> {});
      assertThatThrownBy(() -> s.run(() -> {})).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("entered only once");
      CancelScope busy = new CancelScope();
      busy.run(() -> assertThatThrownBy(() -> busy.run(() -> {}))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("active"));
      s.cancel(); // after exit: nothing happens
      Async.sleep(Duration.ZERO);
      return null;
    });
  }

  @Test
  void theEffectiveDeadlineIsTheEarliestUpToTheInnermostShield() {
    TestLoops.runVirtual(() -> {
      assertThat(CancelScope.currentEffectiveDeadline()).isEqualTo(Double.POSITIVE_INFINITY);
      CancelScope.after(Duration.ofSeconds(5)).run(() -> {
        CancelScope.after(Duration.ofSeconds(10)).run(() ->
            assertThat(CancelScope.currentEffectiveDeadline()).isEqualTo(5.0));
        CancelScope.after(Duration.ofSeconds(2)).run(() ->
            assertThat(CancelScope.currentEffectiveDeadline()).isEqualTo(2.0));
        CancelScope.shielded().run(() ->
            assertThat(CancelScope.currentEffectiveDeadline()).isEqualTo(Double.POSITIVE_INFINITY));
        CancelScope c = new CancelScope();
        c.run(() -> {
          c.cancel();
          assertThat(CancelScope.currentEffectiveDeadline()).isEqualTo(Double.NEGATIVE_INFINITY);
        });
      });
      return null;
    });
  }

  @Test
  void badDeadlinesAndTimeoutsAreNamedErrors() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> CancelScope.after(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative timeout");
      assertThatThrownBy(() -> CancelScope.after(null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
      assertThatThrownBy(() -> CancelScope.at(Double.NaN))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
      CancelScope zero = CancelScope.moveOnAfter(Duration.ZERO, () -> Async.sleep(HOUR));
      assertThat(zero.cancelledCaught()).isTrue();
      return null;
    });
    assertThatThrownBy(() -> new CancelScope().run(() -> {}))
        .isInstanceOf(NoRunningLoopException.class);
  }

  @Test
  void aScopeMadeForOneLoopCannotRunOnAnother() {
    CancelScope[] made = new CancelScope[1];
    TestLoops.runVirtual(() -> made[0] = CancelScope.after(Duration.ofSeconds(1)));
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> made[0].run(() -> {})).isInstanceOf(WrongLoopException.class);
      return null;
    });
  }

  @Test
  void aCheckedExceptionLeavesTheScopeAsTheCauseOfACompletionException() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> new CancelScope().run(() -> {
        throw new java.io.IOException("disk");
      })).isInstanceOf(java.util.concurrent.CompletionException.class)
          .hasCauseInstanceOf(java.io.IOException.class);
      return null;
    });
  }
}
