package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Outcome and ExceptionGroup reach the error the work threw through every layer on the way. */
class ErrorAccessorsTest {

  static String download(String what) throws IOException {
    Async.sleep(1);
    throw new IOException("download " + what + " failed", new EOFException("truncated " + what));
  }

  @Test
  void aGroupFindsTheOriginalErrorFourLayersDown() {
    TestLoops.runVirtual(() -> {
      ExceptionGroup g = catchThrowableOfType(ExceptionGroup.class, () -> Async.taskGroup(tg -> {
        tg.createTask(() -> download("a"));
        tg.createTask(() -> Async.taskGroup(inner -> inner.createTask(() -> {
          Async.sleep(1);
          throw new IllegalStateException("nested");
        })));
      }));
      assertThat(g.find(EOFException.class)).get().extracting(Throwable::getMessage).isEqualTo("truncated a");
      assertThat(g.find(IllegalStateException.class)).get().extracting(Throwable::getMessage).isEqualTo("nested");
      assertThat(g.find(ArithmeticException.class)).isEmpty();
      assertThat(g.leaves()).hasSize(2).noneMatch(t -> t instanceof CompletionException || t instanceof ExceptionGroup);
      assertThat(g.leaves()).anySatisfy(t -> assertThat(t).isInstanceOf(IOException.class).hasMessage("download a failed"));
      return null;
    });
  }

  @Test
  void anOutcomeGivesItsErrorWithoutASwitch() {
    TestLoops.runVirtual(() -> {
      Task<String> slow = Async.createTask(() -> {
        Async.sleep(60);
        return "late";
      });
      Async.createTask(() -> {
        Async.sleep(2);
        slow.cancel();
      });
      List<Outcome<String>> outcomes = Async.gatherSettled(List.of(
          Async.createTask(() -> "ok"), Async.createTask(() -> download("b")), slow));
      assertThat(outcomes.get(0).exception()).isNull();
      assertThat(outcomes.get(0).find(Throwable.class)).isEmpty();
      assertThat(outcomes.get(1).exception()).isInstanceOf(IOException.class).hasMessage("download b failed");
      assertThat(outcomes.get(1).find(EOFException.class)).get().extracting(Throwable::getMessage)
          .isEqualTo("truncated b");
      assertThat(outcomes.get(2).exception()).isInstanceOf(CancelledException.class);
      assertThat(outcomes.get(2).find(CancelledException.class)).isPresent();
      return null;
    });
  }

  @Test
  void aCycleOfCausesEndsTheSearch() {
    IOException a = new IOException("a");
    IllegalStateException b = new IllegalStateException("b", a);
    a.initCause(b);
    ExceptionGroup g = new ExceptionGroup("cycle", List.of(a));
    assertThat(g.find(EOFException.class)).isEmpty();
    assertThat(g.find(IllegalStateException.class)).containsSame(b);
  }
}
