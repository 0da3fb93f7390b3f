package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** toThread, onCpu, runInExecutor, await(CompletionStage) and blocking: none blocks the loop. */
class OffloadTest {

  @Test
  void toThreadRunsOffTheLoopWhileOtherTasksProgress() {
    // the offloaded call can only finish if another task runs meanwhile
    String r = TestLoops.runVirtual(() -> {
      CountDownLatch released = new CountDownLatch(1);
      Async.createTask(() -> released.countDown());
      boolean ok = Async.toThread(() -> released.await(10, TimeUnit.SECONDS));
      return ok + " on " + Thread.currentThread().isVirtual();
    });
    assertThat(r).isEqualTo("true on true");
  }

  @Test
  void onCpuUsesThePoolAndEveryCore() {
    int cores = Runtime.getRuntime().availableProcessors();
    List<String> threads = TestLoops.runVirtual(() -> {
      List<Task<String>> tasks = new java.util.ArrayList<>();
      CountDownLatch all = new CountDownLatch(cores);
      for (int i = 0; i < cores; i++) {
        tasks.add(Async.createTask(() -> Async.onCpu(() -> {
          all.countDown();
          all.await(10, TimeUnit.SECONDS); // only passes if all run at once
          return Thread.currentThread().getName();
        })));
      }
      List<String> names = new java.util.ArrayList<>();
      for (Task<String> t : tasks) {
        names.add(t.await());
      }
      return names;
    });
    assertThat(threads).hasSize(cores).allSatisfy(n -> assertThat(n).startsWith("jasyncio-cpu-"));
    assertThat(threads).doesNotHaveDuplicates();
  }

  @Test
  void offloadedFailuresFollowTheExceptionRule() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> Async.toThread(() -> {
        throw new IOException("io");
      })).isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
      assertThatThrownBy(() -> Async.onCpu(() -> {
        throw new ArithmeticException("math");
      })).isExactlyInstanceOf(ArithmeticException.class);
      return null;
    });
  }

  @Test
  void cancellingTheAwaitingTaskInterruptsTheOffloadedCall() throws Exception {
    CompletableFuture<String> seen = new CompletableFuture<>();
    TestLoops.runVirtual(() -> {
      CountDownLatch running = new CountDownLatch(1);
      Task<Object> t = Async.createTask(() -> Async.toThread(() -> {
        running.countDown();
        try {
          Thread.sleep(60_000);
          seen.complete("not interrupted");
        } catch (InterruptedException e) {
          seen.complete("interrupted");
        }
        return null;
      }));
      Async.toThread(() -> running.await(10, TimeUnit.SECONDS));
      t.cancel();
      assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
      return null;
    });
    assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("interrupted");
  }

  @Test
  void runInExecutorUsesTheGivenExecutor() {
    try (var pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-pool"))) {
      String name = TestLoops.runVirtual(() -> Async.runInExecutor(pool, () -> Thread.currentThread().getName()));
      assertThat(name).isEqualTo("my-pool");
    }
  }

  @Test
  void awaitCompletionStageValuesFailuresAndCancellation() {
    TestLoops.runVirtual(() -> {
      CompletableFuture<String> later = CompletableFuture.supplyAsync(() -> "later");
      assertThat(Async.await(later)).isEqualTo("later");
      assertThat(Async.await(CompletableFuture.completedFuture(5))).isEqualTo(5);
      assertThatThrownBy(() -> Async.await(CompletableFuture.failedFuture(new IOException("x"))))
          .isInstanceOf(CompletionException.class).hasCauseInstanceOf(IOException.class);
      CompletableFuture<String> cancelled = new CompletableFuture<>();
      cancelled.cancel(true);
      assertThatThrownBy(() -> Async.await(cancelled)).isInstanceOf(CancelledException.class);

      CompletableFuture<String> never = new CompletableFuture<>();
      Task<String> waiter = Async.createTask(() -> Async.await(never));
      Async.sleep(Duration.ZERO);
      waiter.cancel();
      assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
      assertThat(never.isCancelled()).isTrue(); // cancelling the waiter cancels the stage
      return null;
    });
  }

  @Test
  void virtualTimeStandsStillWhileOffloadedWorkRuns() {
    double t = TestLoops.runVirtual(() -> {
      Task<Void> sleeper = Async.createTask(() -> Async.sleep(Duration.ofSeconds(10)));
      Async.toThread(() -> Thread.sleep(100)); // real work: no virtual time passes for it
      double at = Async.currentLoop().time();
      sleeper.cancel();
      return at;
    });
    assertThat(t).isZero();
  }

  @Test
  void aBlockingSectionThatKeepsItsThreadBusyDoesNotHoldTheLoop() {
    // the section spins until another task of the loop has run: with the loop held it never would
    String r = TestLoops.runVirtual(() -> {
      AtomicBoolean otherRan = new AtomicBoolean();
      Async.createTask(() -> otherRan.set(true));
      Thread mine = Thread.currentThread();
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String inside = Async.blocking(() -> {
        while (!otherRan.get() && System.nanoTime() < giveUp) {
          Thread.onSpinWait();
        }
        return otherRan.get() + ", own thread " + (Thread.currentThread() == mine);
      });
      Async.sleep(0); // back on the loop: its calls work again
      return inside + ", back " + (Thread.currentThread() == mine) + " on " + Async.currentLoop().isRunning();
    });
    assertThat(r).isEqualTo("true, own thread true, back true on true");
  }

  @Test
  void aBlockingReadOfAPipeDoesNotHoldTheLoop() throws Exception {
    // a read of a named pipe holds its thread in the kernel: on the carrier backend it would
    // hold the loop too, and the task that writes the pipe could never run
    Path dir = Files.createTempDirectory("jasyncio-fifo");
    Path fifo = dir.resolve("pipe");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Thread guard = Thread.ofPlatform().daemon().start(() -> {
      try {
        // a held loop: unblock the read with 0, then take the writer's byte when it comes
        // late, so the test fails rather than hangs
        Thread.sleep(10_000);
        try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
          out.write(0);
        }
        try (FileInputStream in = new FileInputStream(fifo.toFile())) {
          in.read();
        }
      } catch (InterruptedException | IOException done) {
        // the test is over
      }
    });
    try {
      int read = TestLoops.runVirtual(() -> {
        Task<Void> writer = Async.createTask(() -> Async.toThread(() -> {
          try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
            out.write(42);
          }
        }));
        int b = Async.blocking(() -> {
          try (FileInputStream in = new FileInputStream(fifo.toFile())) {
            return in.read();
          }
        });
        writer.await();
        return b;
      });
      assertThat(read).isEqualTo(42);
    } finally {
      guard.interrupt();
      Files.delete(fifo);
      Files.delete(dir);
    }
  }

  @Test
  void aBlockingSectionLongerThanTheAutojumpThresholdLetsVirtualTimeJump() {
    // unlike offloaded work, a task blocked in a real call is Trio's case: once every task has
    // waited the threshold (50 ms of real time) with nothing arriving, the clock jumps
    double t = TestLoops.runVirtual(() -> {
      Task<Void> sleeper = Async.createTask(() -> Async.sleep(Duration.ofSeconds(10)));
      Async.sleep(0); // the sleeper is asleep
      Async.blocking(() -> Thread.sleep(100)); // the loop is idle meanwhile, on either backend
      double at = Async.currentLoop().time();
      sleeper.await();
      return at;
    });
    assertThat(t).isEqualTo(10.0);
  }

  @Test
  void aTaskThatRanABlockingSectionIsNotKeptOnceItIsDone() {
    boolean collected = TestLoops.runVirtual(() -> {
      WeakReference<Task<Integer>> done = finishedTaskThatBlocked();
      for (int i = 0; i < 20 && done.get() != null; i++) {
        System.gc();
        Async.sleep(0.01);
      }
      return done.get() == null;
    });
    assertThat(collected).isTrue();
  }

  /** A task that made a blocking call and ended; only a weak reference to it is left. */
  private static WeakReference<Task<Integer>> finishedTaskThatBlocked() {
    Task<Integer> t = Async.createTask(() -> Async.blocking(() -> 7));
    assertThat(t.await()).isEqualTo(7);
    return new WeakReference<>(t);
  }
}
