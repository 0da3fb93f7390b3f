package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TaskGroup against asyncio 3.11 and Trio: every child failure is reported, a body resuming after
 * a failure adds no error of its own, and children live inside the scopes around the group.
 */
class TaskGroupEdgesTest {
  @Test
  void twoChildrenThatFailAtOnceAreBothReported() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.taskGroup(tg -> {
        tg.createTask(() -> {
          throw new IllegalStateException("first");
        });
        tg.createTask(() -> {
          throw new IllegalArgumentException("second");
        });
      })).isInstanceOfSatisfying(ExceptionGroup.class, g -> assertThat(g.exceptions())
          .extracting(Throwable::getMessage).containsExactly("first", "second"));
      return null;
    });
  }

  @Test
  void aBodyResumingAtTheMomentOfAChildFailureAddsNoErrorOfItsOwn() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.taskGroup(tg -> {
        tg.createTask(() -> {
          Async.sleep(0.1);
          throw new IllegalStateException("child");
        });
        Async.sleep(0); // the child's timer first: it fails just before this body's sleep ends
        Async.sleep(0.1);
        tg.createTask(() -> Async.sleep(1));
        Async.sleep(1);
      })).isInstanceOfSatisfying(ExceptionGroup.class, g -> assertThat(g.exceptions())
          .extracting(Throwable::getMessage).containsExactly("child"));
      return null;
    });
  }

  @Test
  void createTaskFromTheBodyOfAShuttingDownGroupIsTheBodysCancellation() {
    TestLoops.runVirtual(() -> {
      List<String> out = TestLoops.list();
      assertThatThrownBy(() -> Async.taskGroup(tg -> {
        tg.createTask(() -> {
          throw new IllegalStateException("child");
        });
        CancelScope.shielded().run(() -> Async.sleep(1)); // the group shuts down meanwhile
        try {
          tg.createTask(() -> Async.sleep(1));
        } catch (CancelledException expected) {
          out.add("cancelled");
          throw expected;
        }
      })).isInstanceOfSatisfying(ExceptionGroup.class, g -> assertThat(g.exceptions())
          .extracting(Throwable::getMessage).containsExactly("child"));
      assertThat(out).containsExactly("cancelled");
      return null;
    });
  }

  @Test
  void childrenSeeAndObeyTheDeadlineAroundTheGroup() {
    TestLoops.runVirtual(() -> {
      List<Double> seen = TestLoops.list();
      List<String> out = TestLoops.list();
      assertThatThrownBy(() -> Async.timeout(Duration.ofSeconds(5), () -> {
        Async.taskGroup(tg -> {
          tg.createTask(() -> {
            seen.add(CancelScope.currentEffectiveDeadline());
            try {
              Async.sleep(60);
            } catch (CancelledException c) {
              out.add("child cancelled at " + Async.currentLoop().time());
              throw c;
            }
          });
          Async.sleep(100); // the group is cancelled by the outer deadline here
        });
        return null;
      })).isInstanceOf(TimeoutException.class);
      assertThat(seen).containsExactly(5.0);
      assertThat(out).containsExactly("child cancelled at 5.0");
      return null;
    });
  }
}
