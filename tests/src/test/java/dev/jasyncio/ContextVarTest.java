package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** contextvars: a task starts with its creator's values; its own changes stay its own. */
class ContextVarTest {
  private static final ContextVar<String> REQUEST = new ContextVar<>("request");
  private static final ContextVar<Integer> DEPTH = new ContextVar<>("depth", 0);

  @Test
  void aChildStartsWithTheValuesOfItsCreatorAtCreation() {
    TestLoops.runVirtual(() -> {
      REQUEST.set("r-1");
      Task<String> child = Async.createTask(() -> {
        Async.sleep(1);
        return REQUEST.get();
      });
      REQUEST.set("r-2"); // after creation: the child keeps r-1
      assertThat(child.await()).isEqualTo("r-1");
      assertThat(REQUEST.get()).isEqualTo("r-2");
      return null;
    });
  }

  @Test
  void changesInAChildDoNotLeakBackOrToSiblings() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      REQUEST.set("parent");
      Async.taskGroup(tg -> {
        tg.createTask(() -> {
          REQUEST.set("child a");
          DEPTH.set(1);
          Async.sleep(1);
          out.add("a sees " + REQUEST.get() + "/" + DEPTH.get());
        });
        tg.createTask(() -> {
          Async.sleep(2);
          out.add("b sees " + REQUEST.get() + "/" + DEPTH.get());
        });
      });
      out.add("parent sees " + REQUEST.get() + "/" + DEPTH.get());
      return null;
    });
    assertThat(out).containsExactly("a sees child a/1", "b sees parent/0", "parent sees parent/0");
  }

  @Test
  void grandchildrenInheritThroughTheirParent() {
    TestLoops.runVirtual(() -> {
      DEPTH.set(1);
      int deepest = Async.createTask(() -> {
        DEPTH.set(DEPTH.get() + 1);
        return Async.createTask(() -> DEPTH.get() + 1).await();
      }).await();
      assertThat(deepest).isEqualTo(3);
      assertThat(DEPTH.get()).isEqualTo(1);
      return null;
    });
  }

  @Test
  void getWithoutValueOrDefaultIsALookupError() {
    TestLoops.runVirtual(() -> {
      ContextVar<String> v = new ContextVar<>("unset");
      assertThatThrownBy(v::get).isInstanceOf(NoSuchElementException.class).hasMessageContaining("unset");
      assertThat(v.get("fallback")).isEqualTo("fallback");
      assertThat(DEPTH.get()).isZero();
      assertThat(DEPTH.get(7)).isEqualTo(7); // an explicit fallback beats the default
      v.set(null);
      assertThat(v.get()).isNull();
      return null;
    });
  }

  @Test
  void resetRestoresThePreviousValueOnce() {
    TestLoops.runVirtual(() -> {
      ContextVar<String> v = new ContextVar<>("v");
      ContextVar.Token<String> t1 = v.set("one");
      assertThat(t1.hadValue()).isFalse();
      ContextVar.Token<String> t2 = v.set("two");
      assertThat(t2.hadValue()).isTrue();
      assertThat(t2.var()).isSameAs(v);
      v.reset(t2);
      assertThat(v.get()).isEqualTo("one");
      assertThatThrownBy(() -> v.reset(t2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("used");
      v.reset(t1);
      assertThat(v.get("none")).isEqualTo("none");
      ContextVar<String> other = new ContextVar<>("other");
      ContextVar.Token<String> t3 = other.set("x");
      assertThatThrownBy(() -> v.reset(t3)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("other");
      ContextVar.Token<String> mine = v.set("mine");
      Task<Void> child = Async.createTask(() -> v.reset(mine));
      assertThatThrownBy(child::await).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("another task");
      return null;
    });
  }

  @Test
  void valuesFollowTheTaskAcrossSuspensionPointsWhileOthersRun() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      for (int i = 0; i < 3; i++) {
        int n = i;
        Async.createTask(() -> {
          REQUEST.set("req-" + n);
          Async.sleep(Duration.ofMillis(10 * (3 - n)));
          out.add(REQUEST.get());
        });
      }
      Async.sleep(1);
      return null;
    });
    assertThat(out).containsExactly("req-2", "req-1", "req-0");
  }

  @Test
  void outsideATaskTheThreadHasItsOwnValues() {
    ContextVar<String> v = new ContextVar<>("thread");
    v.set("main thread");
    String inTask = TestLoops.runVirtual(() -> v.get("not inherited from a plain thread"));
    assertThat(inTask).isEqualTo("not inherited from a plain thread");
    assertThat(v.get()).isEqualTo("main thread");
  }
}
