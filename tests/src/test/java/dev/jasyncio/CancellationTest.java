package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The cancellation core: delivery at suspension points, finally blocks, level triggering, uncancel. */
class CancellationTest {

  @Test
  void cancelTakesEffectAtTheNextSuspensionPointAndFinallyRuns() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> {
        try {
          out.add("sleeping");
          Async.sleep(Duration.ofHours(1));
          out.add("woke normally");
        } finally {
          out.add("finally at " + Async.currentLoop().time());
        }
      });
      Async.sleep(Duration.ofSeconds(2));
      assertThat(t.cancel("stop")).isTrue();
      assertThat(t.cancelling()).isEqualTo(1);
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("stop");
      assertThat(t.isCancelled()).isTrue();
      assertThat(t.cancel()).isFalse();
      return null;
    });
    assertThat(out).containsExactly("sleeping", "finally at 2.0");
  }

  @Test
  void aTaskCancelledBeforeItStartsNeverRunsItsBody() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<?> t = Async.createTask(() -> out.add("ran"));
      t.cancel();
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
      return null;
    });
    assertThat(out).isEmpty();
  }

  @Test
  void codeBetweenSuspensionPointsIsNotInterruptedByCancel() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> {
        Async.currentTask().cancel(); // self-cancel: nothing happens until we suspend
        out.add("still running");
        Async.sleep(Duration.ZERO);
        out.add("never");
      });
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
      return null;
    });
    assertThat(out).containsExactly("still running");
  }

  @Test
  void aSwallowedCancellationIsDeliveredAgainAtEverySuspensionPoint() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> {
        try {
          Async.sleep(Duration.ofHours(1));
        } catch (Exception swallowed) { // a careless catch-all
          out.add("swallowed " + swallowed.getClass().getSimpleName());
        }
        try {
          Async.sleep(Duration.ofSeconds(1));
        } catch (CancelledException again) {
          out.add("cancelled again");
          throw again;
        }
      });
      Async.sleep(Duration.ZERO);
      t.cancel();
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
      return null;
    });
    assertThat(out).containsExactly("swallowed CancelledException", "cancelled again");
  }

  @Test
  void uncancelWithdrawsTheRequestAsInAsyncio() {
    TestLoops.runVirtual(() -> {
      Task<String> t = Async.createTask(() -> {
        try {
          Async.sleep(Duration.ofHours(1));
          return "slept";
        } catch (CancelledException e) {
          Task<?> me = Async.currentTask();
          assertThat(me.cancelling()).isEqualTo(2);
          assertThat(me.uncancel()).isEqualTo(1);
          assertThatThrownBy(() -> Async.sleep(Duration.ZERO)).isInstanceOf(CancelledException.class);
          assertThat(me.uncancel()).isZero();
          assertThat(me.uncancel()).isZero(); // never below zero
          Async.sleep(Duration.ofSeconds(1)); // no longer cancelled
          return "recovered at " + Async.currentLoop().time();
        }
      });
      Async.sleep(Duration.ofSeconds(1));
      t.cancel();
      t.cancel();
      assertThat(t.await()).isEqualTo("recovered at 2.0");
      assertThat(t.isCancelled()).isFalse();
      return null;
    });
  }

  @Test
  void aCancelAfterTheWakeMakesTheAwaitRaise() {
    TestLoops.runVirtual(() -> {
      Promise<String> p = Async.createPromise();
      Task<String> t = Async.createTask(() -> {
        String v = p.await(); // woken with a value, then cancelled before it runs
        try {
          Async.sleep(Duration.ZERO);
          return "not cancelled";
        } catch (CancelledException e) {
          return "got " + v + ", then cancelled";
        }
      });
      Async.sleep(Duration.ZERO);
      p.setResult("value");
      t.cancel(); // before t resumed: as in asyncio, the await raises
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
      return null;
    });
  }

  @Test
  void cancellingTheAwaiterCancelsTheAwaitedTask() {
    TestLoops.runVirtual(() -> {
      Task<Void> inner = Async.createTask(() -> Async.sleep(Duration.ofHours(1)));
      Task<Void> outer = Async.createTask(inner::await);
      Async.sleep(Duration.ofSeconds(1));
      outer.cancel();
      assertThatThrownBy(outer::await).isInstanceOf(CancelledException.class);
      assertThatThrownBy(inner::await).isInstanceOf(CancelledException.class);
      assertThat(inner.isCancelled()).isTrue();
      return null;
    });
  }

  @Test
  void cancelInterruptsABlockingSectionOnEveryBackend() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> {
        try {
          Async.blocking(() -> {
            Thread.sleep(60_000);
            return null;
          });
        } finally {
          out.add("finally");
        }
      });
      Async.sleep(Duration.ofSeconds(1));
      t.cancel("enough");
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("enough");
      return null;
    });
    assertThat(out).containsExactly("finally");
  }

  @Test
  void onTheCarrierBackendCancelInterruptsAPlainJdkBlockingCall() {
    Assumptions.assumeTrue(Backend.defaultBackend() == Backend.CARRIER,
        "only the carrier backend suspends a task inside a plain JDK call");
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> {
        try {
          Thread.sleep(60_000); // parks only this task's virtual thread
        } finally {
          out.add("finally");
        }
      });
      Async.sleep(Duration.ofSeconds(1));
      out.add("loop kept running");
      t.cancel();
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class)
          .hasCauseInstanceOf(InterruptedException.class);
      return null;
    });
    assertThat(out).containsExactly("loop kept running", "finally");
  }

  @Test
  void interruptingATaskIsCancellingIt() {
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> {
        Thread.currentThread().interrupt();
        Async.sleep(Duration.ofSeconds(1));
      });
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
      assertThat(t.isCancelled()).isTrue();
      return null;
    });
  }

  @Test
  void cancelFromAnotherThreadIsDeliveredThroughTheLoop() throws Exception {
    try (Loop loop = Loop.builder().build()) {
      Thread driver = Thread.ofPlatform().start(loop::runForever);
      try {
        var started = new java.util.concurrent.CountDownLatch(1);
        Task<?> t = loop.submit(() -> Async.createTask(() -> {
          started.countDown();
          Async.sleep(Duration.ofHours(1));
        })).get();
        started.await();
        assertThat(t.cancel()).isTrue(); // not on the loop: handed over
        var f = loop.submit(() -> {
          try {
            t.await();
            return "not cancelled";
          } catch (CancelledException e) {
            return "cancelled";
          }
        });
        assertThat(f.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("cancelled");
      } finally {
        loop.stop();
        driver.join();
      }
    }
  }
}
