package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sun.misc.Signal;

/** {@code Loop.builder()...run(main)}: Async.run's whole sequence, on a loop with options. */
class LoopBuilderRunTest {

  @Test
  void runsMainOnALoopWithTheBuildersOptionsAndReturnsItsResult() {
    List<String> seen = TestLoops.list();
    double t = Loop.builder().clock(Clock.virtual()).debug(true).backend(Backend.PORTABLE).run(() -> {
      Loop loop = Async.currentLoop();
      seen.add("debug=" + loop.isDebug() + " backend=" + loop.backend());
      Async.sleep(3600); // an hour of virtual time
      return loop.time();
    });
    assertThat(t).isEqualTo(3600.0);
    assertThat(seen).containsExactly("debug=true backend=PORTABLE");
  }

  @Test
  void cancelsAndAwaitsWhatMainLeftRunningAndClosesTheLoop() {
    List<String> out = TestLoops.list();
    Loop[] ran = new Loop[1];
    Loop.builder().clock(Clock.virtual()).run(() -> {
      ran[0] = Async.currentLoop();
      Async.createTask(() -> {
        try {
          Async.sleep(60);
        } finally {
          out.add("left-over task cleaned up at " + Async.currentLoop().time());
        }
      });
      Async.sleep(1);
    });
    assertThat(out).containsExactly("left-over task cleaned up at 1.0");
    assertThat(ran[0].isClosed()).isTrue();
  }

  @Test
  void mainsFailureIsThrownAsAsyncRunThrowsIt() {
    assertThatThrownBy(() -> Loop.builder().clock(Clock.virtual()).run(() -> {
      throw new java.io.IOException("checked");
    })).isInstanceOf(java.util.concurrent.CompletionException.class).cause().hasMessage("checked");
  }

  @Test
  void cannotBeCalledFromARunningLoop() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Loop.builder().run(() -> 1)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("running loop");
      return null;
    });
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the loop keeps running through an interrupt
  void sigintCancelsTheMainTaskAsAsyncRunDoes() {
    assumeFalse(TestSignals.sigintIgnored(), TestSignals.SIGINT_IGNORED);
    AtomicBoolean cleanedUp = new AtomicBoolean();
    assertThatThrownBy(() -> Loop.builder().clock(Clock.virtual()).run(() -> {
      try {
        Signal.raise(new Signal("INT"));
        Async.createPromise().await(); // no timer: only the signal ends this
      } finally {
        cleanedUp.set(true);
      }
    })).isInstanceOf(CancelledException.class).hasMessageContaining("SIGINT");
    assertThat(cleanedUp).isTrue();
  }
}
