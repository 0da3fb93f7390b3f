package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * Where a task's outcome used to come out wrong: an I/O timeout taken for a cancellation, a
 * cancellation pending at the body's end dropped, an awaiter cancelled before what it awaited had
 * finished, {@code waitFor} with no time at all.
 */
class TaskEdgesTest {
  @Test
  void aSocketTimeoutInABlockingSectionIsAFailureNotACancellation() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket s = new Socket(server.getInetAddress(), server.getLocalPort())) {
      s.setSoTimeout(100); // the server never writes
      String r = TestLoops.runVirtual(() -> {
        try {
          Async.blocking(() -> s.getInputStream().read());
          return "read";
        } catch (CompletionException e) {
          assertThat(e).hasCauseInstanceOf(SocketTimeoutException.class);
        }
        Async.sleep(0.01); // the task was not cancelled: this sleeps and returns
        assertThat(Async.currentTask().cancelling()).isZero();
        return "timed out, still running";
      });
      assertThat(r).isEqualTo("timed out, still running");
    }
  }

  @Test
  void aTaskWhoseBodyThrowsAnInterruptedIOExceptionFailsWithIt() {
    TestLoops.runVirtual(() -> {
      Task<Void> t = Async.createTask(() -> {
        throw new SocketTimeoutException("read timed out");
      });
      Async.sleep(0);
      assertThat(t.isCancelled()).isFalse();
      assertThat(t.exception()).isInstanceOf(SocketTimeoutException.class);
      Task<Void> u = Async.createTask(() -> {
        Async.blocking(() -> {
          throw new InterruptedIOException("not ours");
        });
      });
      assertThatThrownBy(u::await).isInstanceOf(CompletionException.class);
      assertThat(u.isCancelled()).isFalse();
      assertThat(u.exception()).isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(InterruptedIOException.class);
      return null;
    });
  }

  @Test
  void aGroupChildFailingWithAnIoTimeoutFailsTheGroup() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.taskGroup(tg -> tg.createTask(() -> {
        throw new SocketTimeoutException("slow peer");
      }))).isInstanceOf(ExceptionGroup.class)
          .satisfies(e -> assertThat(((ExceptionGroup) e).exceptions())
              .singleElement().isInstanceOf(SocketTimeoutException.class));
      return null;
    });
  }

  @Test
  void aCancellationPendingWhenTheBodyReturnsEndsTheTaskCancelled() {
    TestLoops.runVirtual(() -> {
      Task<Integer> t = Async.createTask(() -> {
        Async.currentTask().cancel();
        return 12;
      });
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
      assertThat(t.isCancelled()).isTrue();
      // one that saw its cancellation and swallowed it returns its value, as in asyncio
      Task<Integer> u = Async.createTask(() -> {
        try {
          Async.sleep(10);
        } catch (CancelledException swallowed) {
          return 7;
        }
        return 0;
      });
      Async.sleep(0);
      u.cancel();
      assertThat(u.await()).isEqualTo(7);
      return null;
    });
  }

  @Test
  void cancellingAnAwaiterWaitsUntilTheAwaitedTaskHasFinished() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Task<Void> inner = Async.createTask(() -> {
        try {
          Async.sleep(Duration.ofHours(1));
        } finally {
          CancelScope.shielded().run(() -> Async.sleep(1));
          out.add("inner cleaned up");
        }
      });
      Task<Void> outer = Async.createTask(() -> {
        try {
          inner.await();
        } catch (CancelledException c) {
          out.add("outer cancelled, inner done: " + inner.isDone());
          throw c;
        }
      });
      Async.sleep(1);
      outer.cancel();
      assertThatThrownBy(outer::await).isInstanceOf(CancelledException.class);
      assertThat(inner.isCancelled()).isTrue();
      return null;
    });
    assertThat(out).containsExactly("inner cleaned up", "outer cancelled, inner done: true");
  }

  @Test
  void waitForWithZeroTimeoutTimesOutWithoutStartingTheBody() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.waitFor(Duration.ZERO, Async.createTask(() -> {
        out.add("ran");
        return 1;
      }))).isInstanceOf(TimeoutException.class);
      return null;
    });
    assertThat(out).isEmpty();
  }
}
