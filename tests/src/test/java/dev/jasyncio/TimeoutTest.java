package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** asyncio's wait_for, timeout, timeout_at and Timeout.reschedule, and how they meet uncancel. */
class TimeoutTest {
  private static final Duration HOUR = Duration.ofHours(1);

  private static double now() {
    return Async.currentLoop().time();
  }

  // --- wait_for -------------------------------------------------------------------------------

  @Test
  void waitForReturnsTheResultWhenInTime() {
    TestLoops.runVirtual(() -> {
      Task<String> t = Async.createTask(() -> {
        Async.sleep(Duration.ofSeconds(1));
        return "ok";
      });
      assertThat(Async.waitFor(Duration.ofSeconds(5), t)).isEqualTo("ok");
      assertThat(now()).isEqualTo(1.0);
      return null;
    });
  }

  @Test
  void waitForCancelsTheTaskWaitsUntilItReallyFinishedThenThrowsTimeout() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<String> slow = Async.createTask(() -> {
        try {
          Async.sleep(HOUR);
          return "late";
        } catch (CancelledException c) {
          // slow cleanup: wait_for waits for it, so the total time exceeds the timeout
          CancelScope.shielded().run(() -> Async.sleep(Duration.ofSeconds(2)));
          out.add("cleaned up at " + now());
          throw c;
        }
      });
      assertThatThrownBy(() -> Async.waitFor(Duration.ofSeconds(1), slow))
          .isInstanceOf(TimeoutException.class)
          .isNotInstanceOf(CancelledException.class);
      out.add("timeout seen at " + now());
      assertThat(slow.isCancelled()).isTrue();
      assertThat(Async.currentTask().cancelling()).isZero();
      return null;
    });
    assertThat(out).containsExactly("cleaned up at 3.0", "timeout seen at 3.0");
  }

  @Test
  void anExceptionDuringTheCancellationIsPropagated() {
    TestLoops.runVirtual(() -> {
      Task<String> t = Async.createTask(() -> {
        try {
          Async.sleep(HOUR);
          return "late";
        } catch (CancelledException c) {
          throw new IllegalStateException("failed while cancelling");
        }
      });
      assertThatThrownBy(() -> Async.waitFor(Duration.ofSeconds(1), t))
          .isInstanceOf(IllegalStateException.class).hasMessage("failed while cancelling");
      return null;
    });
  }

  @Test
  void aTaskThatSwallowsTheCancellationAndReturnsGivesItsResult() {
    TestLoops.runVirtual(() -> {
      Task<String> t = Async.createTask(() -> {
        try {
          Async.sleep(HOUR);
        } catch (CancelledException c) {
          Async.currentTask().uncancel();
        }
        return "stubborn";
      });
      assertThat(Async.waitFor(Duration.ofSeconds(1), t)).isEqualTo("stubborn");
      return null;
    });
  }

  @Test
  void waitForWithShieldTimesOutWithoutCancellingTheTask() {
    TestLoops.runVirtual(() -> {
      Task<String> t = Async.createTask(() -> {
        Async.sleep(Duration.ofSeconds(5));
        return "finished anyway";
      });
      assertThatThrownBy(() -> Async.waitFor(Duration.ofSeconds(1), Async.shield(t)))
          .isInstanceOf(TimeoutException.class);
      assertThat(t.isDone()).isFalse();
      assertThat(t.await()).isEqualTo("finished anyway");
      assertThat(now()).isEqualTo(5.0);
      return null;
    });
  }

  @Test
  void cancellingTheWaiterCancelsTheTaskAndTheCancellationPropagates() {
    TestLoops.runVirtual(() -> {
      Task<String> inner = Async.createTask(() -> {
        Async.sleep(HOUR);
        return "x";
      });
      Task<String> waiter = Async.createTask(() -> Async.waitFor(Duration.ofSeconds(100), inner));
      Async.sleep(Duration.ofSeconds(1));
      waiter.cancel();
      assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
      assertThat(inner.isCancelled()).isTrue();
      return null;
    });
  }

  @Test
  void aZeroTimeoutReturnsADoneTasksResultAndTimesOutAPendingOne() {
    TestLoops.runVirtual(() -> {
      Task<String> done = Async.createTask(() -> "ready");
      Async.sleep(Duration.ZERO);
      assertThat(Async.waitFor(Duration.ZERO, done)).isEqualTo("ready");
      Task<String> pending = Async.createTask(() -> {
        Async.sleep(HOUR);
        return "never";
      });
      assertThatThrownBy(() -> Async.waitFor(Duration.ZERO, pending)).isInstanceOf(TimeoutException.class);
      assertThat(pending.isCancelled()).isTrue();
      return null;
    });
  }

  @Test
  void timeoutOfABodyRunsItInTheCallerAndCancelsItOnTimeout() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      assertThat(Async.timeout(2, () -> {
        Async.sleep(Duration.ofSeconds(1));
        return 1;
      })).isEqualTo(1);
      assertThatThrownBy(() -> Async.timeout(2.0, () -> {
        try {
          Async.sleep(HOUR);
          return 2;
        } finally {
          out.add("body finished at " + now());
        }
      })).isInstanceOf(TimeoutException.class);
      out.add("caller at " + now());
      return null;
    });
    assertThat(out).containsExactly("body finished at 3.0", "caller at 3.0");
  }

  @Test
  void waitForOfAFailingTaskRethrowsItsFailure() {
    TestLoops.runVirtual(() -> {
      Task<String> t = Async.createTask(() -> {
        throw new IllegalArgumentException("bad");
      });
      assertThatThrownBy(() -> Async.waitFor(Duration.ofSeconds(1), t))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("bad");
      return null;
    });
  }

  @Test
  void waitForBadInput() {
    TestLoops.runVirtual(() -> {
      Task<String> t = Async.createTask(() -> "x");
      assertThatThrownBy(() -> Async.waitFor(Duration.ofSeconds(-1), t))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative timeout");
      assertThatThrownBy(() -> Async.waitFor(null, t))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
      assertThatThrownBy(() -> Async.waitFor(Duration.ofSeconds(1), (Promise<String>) null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("task");
      t.await();
      return null;
    });
    Promise<?>[] foreign = new Promise<?>[1];
    try (Loop other = Loop.builder().clock(Clock.virtual()).build()) {
      foreign[0] = other.createPromise();
      TestLoops.runVirtual(() -> {
        assertThatThrownBy(() -> Async.waitFor(Duration.ofSeconds(1), foreign[0]))
            .isInstanceOf(WrongLoopException.class);
        return null;
      });
    }
  }

  // --- timeout / timeout_at -------------------------------------------------------------------

  @Test
  void timeoutTurnsItsCancellationIntoTimeoutExceptionOutsideTheBlockAndOuterCodeGoesOn() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      try {
        Async.timeout(Duration.ofSeconds(1), () -> {
          try {
            Async.sleep(HOUR); // make_request()
          } catch (CancelledException inside) {
            out.add("inside the block it is a cancellation");
            throw inside;
          }
        });
      } catch (TimeoutException e) {
        out.add("There was a timeout");
      }
      Async.sleep(Duration.ofSeconds(1)); // unrelated_code(): not affected
      out.add("unrelated code at " + now() + ", cancelling=" + Async.currentTask().cancelling());
      return null;
    });
    assertThat(out).containsExactly("inside the block it is a cancellation", "There was a timeout",
        "unrelated code at 2.0, cancelling=0");
  }

  @Test
  void aBodyThatSwallowsTheCancellationCannotDefeatTheTimeout() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.timeout(Duration.ofSeconds(1), () -> {
        try {
          Async.sleep(HOUR);
        } catch (CancelledException swallowed) {
          out.add("swallowed at " + now());
          Async.currentTask().uncancel(); // withdraws task requests only; the scope stays cancelled
        }
        Async.sleep(HOUR); // level-triggered: throws again at once
        out.add("never");
      })).isInstanceOf(TimeoutException.class);
      out.add("timed out at " + now());
      return null;
    });
    assertThat(out).containsExactly("swallowed at 1.0", "timed out at 1.0");
  }

  @Test
  void timeoutReturnsTheBodysValueWhenInTime() {
    TestLoops.runVirtual(() -> {
      assertThat(Async.timeout(Duration.ofSeconds(2), () -> {
        Async.sleep(Duration.ofSeconds(1));
        return "in time";
      })).isEqualTo("in time");
      return null;
    });
  }

  @Test
  void anExternalCancelDuringATimeoutIsNotTurnedIntoATimeout() {
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> Async.timeout(Duration.ofSeconds(10), () -> Async.sleep(HOUR)));
      Async.sleep(Duration.ofSeconds(1));
      t.cancel("from outside");
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("from outside");
      return null;
    });
  }

  @Test
  void anExternalCancelAtTheSameMomentAsTheDeadlineStaysACancellation() {
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> Async.timeout(Duration.ofSeconds(1), () -> Async.sleep(HOUR)));
      Async.currentLoop().callLater(Duration.ofSeconds(1), () -> t.cancel("outside"));
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
      return null;
    });
  }

  @Test
  void nestedTimeoutsTheEarlierDeadlineWins() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      try {
        Async.timeout(Duration.ofSeconds(5), () -> {
          try {
            Async.timeout(Duration.ofSeconds(10), () -> Async.sleep(HOUR));
          } catch (TimeoutException inner) {
            out.add("inner must not time out");
          }
        });
      } catch (TimeoutException outer) {
        out.add("outer timed out at " + now());
      }
      try {
        Async.timeout(Duration.ofSeconds(10), () -> {
          try {
            Async.timeout(Duration.ofSeconds(1), () -> Async.sleep(HOUR));
          } catch (TimeoutException inner) {
            out.add("inner timed out at " + now());
          }
          Async.sleep(Duration.ofSeconds(1));
          out.add("outer body goes on");
        });
      } catch (TimeoutException outer) {
        out.add("outer must not time out");
      }
      return null;
    });
    assertThat(out).containsExactly("outer timed out at 5.0", "inner timed out at 6.0", "outer body goes on");
  }

  @Test
  void rescheduleMovesTheDeadlineWhileRunning() {
    TestLoops.runVirtual(() -> {
      // asyncio: async with timeout(None) as cm: cm.reschedule(loop.time() + 10)
      double start = now();
      assertThatThrownBy(() -> Async.timeoutAt(Double.POSITIVE_INFINITY, scope -> {
        assertThat(scope.deadline()).isInfinite();
        Async.sleep(Duration.ofSeconds(1));
        scope.setDeadline(now() + 10);
        assertThat(scope.deadline()).isEqualTo(start + 11);
        Async.sleep(HOUR);
        return null;
      })).isInstanceOf(TimeoutException.class);
      assertThat(now()).isEqualTo(11.0);
      String r = Async.timeout(Duration.ofSeconds(1), scope -> {
        scope.setDeadlineAfter(Duration.ofSeconds(5)); // extend while running
        Async.sleep(Duration.ofSeconds(3));
        assertThat(scope.isExpired()).isFalse();
        return "extended";
      });
      assertThat(r).isEqualTo("extended");
      return null;
    });
  }

  @Test
  void timeoutAtUsesLoopTimeAndAPastDeadlineExpiresAtOnce() {
    TestLoops.runVirtual(() -> {
      Async.sleep(Duration.ofSeconds(3));
      assertThatThrownBy(() -> Async.timeoutAt(now() + 2, s -> {
        Async.sleep(HOUR);
        return null;
      })).isInstanceOf(TimeoutException.class);
      assertThat(now()).isEqualTo(5.0);
      assertThatThrownBy(() -> Async.timeoutAt(now() - 1, s -> {
        Async.sleep(HOUR);
        return null;
      })).isInstanceOf(TimeoutException.class);
      assertThat(now()).isEqualTo(5.0);
      return null;
    });
  }

  @Test
  void timeoutBadInput() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.timeout(Duration.ofMillis(-5), () -> 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative timeout");
      assertThatThrownBy(() -> Async.timeout(null, () -> 1))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("timeout");
      assertThatThrownBy(() -> Async.timeoutAt(Double.NaN, s -> 1))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
      return null;
    });
  }

  // --- uncancel ------------------------------------------------------------------------------

  @Test
  void cancelRequestsCountAndUncancelWithdrawsThem() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> {
        try {
          Async.sleep(HOUR);
        } catch (CancelledException c) {
          out.add("cancelling=" + Async.currentTask().cancelling());
          out.add("after uncancel=" + Async.currentTask().uncancel());
          out.add("after uncancel=" + Async.currentTask().uncancel());
        }
        Async.sleep(Duration.ofSeconds(1)); // no request left: runs normally
        out.add("went on, cancelled()=" + Async.currentTask().isCancelled());
      });
      Async.sleep(Duration.ofSeconds(1));
      t.cancel();
      t.cancel();
      assertThat(t.isCancelled()).isFalse(); // cancelling() > 0 does not mean cancelled()
      t.await();
      assertThat(t.uncancel()).isZero(); // ineffective once done
      return null;
    });
    assertThat(out).containsExactly("cancelling=2", "after uncancel=1", "after uncancel=0",
        "went on, cancelled()=false");
  }

  @Test
  void scopesDoNotTouchTheTasksCancelRequestCount() {
    TestLoops.runVirtual(() -> {
      Task<Integer> t = Async.createTask(() -> {
        CancelScope.moveOnAfter(Duration.ofSeconds(1), () -> Async.sleep(HOUR));
        return Async.currentTask().cancelling();
      });
      assertThat(t.await()).isZero();
      Task<Integer> u = Async.createTask(() -> {
        Async.currentTask().cancel();
        try {
          CancelScope.moveOnAfter(Duration.ofSeconds(1), () -> Async.sleep(HOUR));
        } catch (CancelledException c) {
          return Async.currentTask().cancelling(); // the task's own request is kept
        }
        return -1;
      });
      assertThat(u.await()).isEqualTo(1);
      return null;
    });
  }
}
