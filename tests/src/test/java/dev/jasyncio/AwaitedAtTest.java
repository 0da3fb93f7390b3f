package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** An awaited failure shows the awaiter's frames beside the failing task's. */
class AwaitedAtTest {
  static String failDeepInATask() {
    throw new IllegalStateException("no such user");
  }

  static Throwable awaitFromHere(Task<?> t) {
    return catchThrowable(t::await);
  }

  static boolean hasFrame(StackTraceElement[] stack, String method) {
    return Arrays.stream(stack).anyMatch(f -> f.getMethodName().equals(method));
  }

  @Test
  void theAwaitersFramesArriveAsASuppressedAwaitedAt() {
    TestLoops.runVirtual(() -> {
      Task<String> t = Async.createTask(() -> {
        Async.sleep(1);
        return failDeepInATask();
      }, "loader");
      Throwable e = awaitFromHere(t);
      assertThat(e).isInstanceOf(IllegalStateException.class).hasMessage("no such user");
      assertThat(hasFrame(e.getStackTrace(), "failDeepInATask")).isTrue();
      assertThat(hasFrame(e.getStackTrace(), "awaitFromHere")).isFalse(); // another thread's stack
      List<Throwable> awaited = Arrays.stream(e.getSuppressed())
          .filter(s -> s.getClass().getSimpleName().equals("AwaitedAt")).toList();
      assertThat(awaited).hasSize(1);
      assertThat(awaited.getFirst()).hasMessageContaining("awaited by Task[");
      assertThat(hasFrame(awaited.getFirst().getStackTrace(), "awaitFromHere")).isTrue();
      return null;
    });
  }

  @Test
  void anErrorAwaitedManyTimesKeepsOnlyTheFirstFewAwaiters() {
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> {
        throw new IllegalArgumentException("bad");
      });
      Throwable e = null;
      for (int i = 0; i < 50; i++) {
        e = awaitFromHere(t);
      }
      assertThat(e.getSuppressed()).hasSizeLessThanOrEqualTo(4);
      return null;
    });
  }

  @Test
  void aCheckedErrorsWrapperIsMadeAtTheAwaiterAndNeedsNoMark() {
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> {
        throw new java.io.IOException("disk");
      });
      Throwable e = awaitFromHere(t);
      assertThat(e).isInstanceOf(CompletionException.class).cause().hasMessage("disk");
      assertThat(hasFrame(e.getStackTrace(), "awaitFromHere")).isTrue();
      assertThat(e.getCause().getSuppressed()).isEmpty();
      return null;
    });
  }

  @Test
  void aCancellationIsNotMarked() {
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> Async.sleep(10));
      Async.sleep(0);
      t.cancel();
      Throwable e = awaitFromHere(t);
      assertThat(e).isInstanceOf(CancelledException.class);
      assertThat(e.getSuppressed()).isEmpty();
      return null;
    });
  }
}
