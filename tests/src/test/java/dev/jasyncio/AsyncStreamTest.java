package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** AsyncStream: the async generator, for-each, operators, early stop, failures. */
class AsyncStreamTest {
  /** Seed 002's mygen: powers of 2 with a 0.1 s sleep after each. */
  private static AsyncStream<Integer> mygen(int u) {
    return AsyncStream.generate(out -> {
      for (int i = 0; i < u; i++) {
        out.emit(1 << i);
        Async.sleep(0.1);
      }
    });
  }

  @Test
  void seedAsyncComprehensions() {
    List<List<Integer>> lists = TestLoops.runVirtual(() -> {
      List<Integer> g = mygen(10).toList();
      List<Integer> f = mygen(10).filter(j -> (j / 3 % 5) != 0).toList();
      return List.of(g, f);
    });
    assertThat(lists.get(0)).containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256, 512);
    assertThat(lists.get(1)).containsExactly(4, 8, 64, 128); // Python: j // 3 % 5
  }

  @Test
  void theProducerRunsOnlyWhenTheConsumerAsks() {
    List<String> log = TestLoops.list();
    TestLoops.runVirtual(() -> {
      AsyncStream<Integer> s = AsyncStream.generate(out -> {
        for (int i = 0; i < 3; i++) {
          log.add("make " + i);
          out.emit(i);
        }
        log.add("producer done");
      });
      Async.sleep(1);
      assertThat(log).isEmpty(); // nothing runs before the first pull
      for (int v : s) {
        log.add("use " + v);
        Async.sleep(1); // the producer stays suspended meanwhile
      }
      return null;
    });
    assertThat(log).containsExactly("make 0", "use 0", "make 1", "use 1", "make 2", "use 2",
        "producer done");
  }

  @Test
  void breakingOutOfTheLoopInTryWithResourcesCancelsTheProducerAndRunsItsFinally() {
    List<String> log = TestLoops.list();
    TestLoops.runVirtual(() -> {
      AsyncStream<Integer> s = AsyncStream.generate(out -> {
        try {
          for (int i = 0; ; i++) {
            out.emit(i);
          }
        } finally {
          log.add("producer finally");
        }
      });
      try (s) {
        for (int v : s) {
          if (v == 2) {
            break;
          }
        }
      }
      log.add("after close");
      assertThat(Async.currentLoop().allTasks()).containsExactly(Async.currentTask());
      return null;
    });
    assertThat(log).containsExactly("producer finally", "after close");
  }

  @Test
  void aForgottenCloseIsClosedWhenTheConsumingTaskEnds() {
    List<String> log = TestLoops.list();
    TestLoops.runVirtual(() -> {
      AsyncStream<Integer> s = AsyncStream.generate(out -> {
        try {
          for (int i = 0; ; i++) {
            out.emit(i);
          }
        } finally {
          log.add("producer finally");
        }
      });
      Task<Integer> consumer = Async.createTask(() -> {
        for (int v : s) {
          if (v == 1) {
            return v; // no close
          }
        }
        return -1;
      });
      consumer.await();
      // closed as the consumer's body ended, before it completed
      assertThat(log).containsExactly("producer finally");
      assertThat(Async.currentLoop().allTasks()).containsExactly(Async.currentTask());
      return null;
    });
  }

  @Test
  void whenMainReturnsWithAStreamOpenNoProducerIsLeftForTheLoopToFind() {
    List<String> log = TestLoops.list();
    try (Loop loop = Loop.builder().clock(Clock.virtual()).build()) {
      int first = loop.runUntilComplete(() -> {
        AsyncStream<Integer> s = AsyncStream.generate(out -> {
          try {
            out.emit(1);
            out.emit(2);
          } finally {
            log.add("producer finally");
          }
        });
        return s.iterator().next();
      });
      assertThat(first).isEqualTo(1);
      assertThat(loop.allTasks()).isEmpty();
      assertThat(log).containsExactly("producer finally");
    }
  }

  @Test
  void closingFromAnotherTaskWhileTheConsumerWaitsEndsTheConsumersLoop() {
    List<Integer> got = TestLoops.runVirtual(() -> {
      AsyncStream<Integer> s = AsyncStream.generate(out -> {
        out.emit(1);
        Async.sleep(100);
        out.emit(2);
      });
      Task<List<Integer>> consumer = Async.createTask(() -> {
        List<Integer> out = new ArrayList<>();
        for (int v : s) {
          out.add(v);
        }
        return out;
      });
      Async.sleep(1);
      s.close();
      return consumer.await();
    });
    assertThat(got).containsExactly(1);
  }

  @Test
  void takeStopsTheProducerAfterNValues() {
    List<String> log = TestLoops.list();
    List<Integer> got = TestLoops.runVirtual(() -> {
      AsyncStream<Integer> naturals = AsyncStream.generate(out -> {
        try {
          for (int i = 0; ; i++) {
            out.emit(i);
          }
        } finally {
          log.add("stopped");
        }
      });
      return naturals.map(i -> i * 10).take(3).toList();
    });
    assertThat(got).containsExactly(0, 10, 20);
    assertThat(log).containsExactly("stopped");
  }

  @Test
  void aProducerFailureReachesTheConsumerByTheExceptionRule() {
    TestLoops.runVirtual(() -> {
      AsyncStream<Integer> s = AsyncStream.generate(out -> {
        out.emit(1);
        throw new IllegalStateException("broken source");
      });
      List<Integer> seen = new ArrayList<>();
      assertThatThrownBy(() -> {
        for (int v : s) {
          seen.add(v);
        }
      }).isInstanceOf(IllegalStateException.class).hasMessage("broken source");
      assertThat(seen).containsExactly(1);

      AsyncStream<Integer> checked = AsyncStream.generate(out -> {
        throw new IOException("disk");
      });
      assertThatThrownBy(checked::toList).isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(IOException.class);
      return null;
    });
  }

  @Test
  void aStreamOverAQueueEndsWhenTheQueueIsShutDown() {
    List<String> got = TestLoops.runVirtual(() -> {
      Queue<String> q = new Queue<>(2);
      Async.createTask(() -> {
        for (String s : List.of("a", "b", "c")) {
          q.put(s);
          Async.sleep(1);
        }
        q.shutdown();
      });
      List<String> out = new ArrayList<>();
      for (String s : AsyncStream.fromQueue(q)) {
        out.add(s);
        q.taskDone();
      }
      return out;
    });
    assertThat(got).containsExactly("a", "b", "c");
  }

  @Test
  void aConsumerCancelledWhileWaitingLosesNoValue() {
    List<String> got = TestLoops.runVirtual(() -> {
      Event go = new Event();
      AsyncStream<String> s = AsyncStream.generate(out -> {
        go.await();
        out.emit("v");
        out.emit("w");
      });
      Task<List<String>> consumer = Async.createTask(() -> {
        List<String> out = new ArrayList<>();
        try {
          s.iterator().hasNext(); // cancelled while waiting (as a timeout would)
        } catch (CancelledException c) {
          out.add("cancelled");
          Async.currentTask().uncancel();
        }
        out.addAll(s.toList());
        return out;
      });
      Async.sleep(0);
      consumer.cancel();
      Async.sleep(0);
      go.set();
      return consumer.await();
    });
    // the value produced for the cancelled pull waits for the next one
    assertThat(got).containsExactly("cancelled", "v", "w");
  }

  @Test
  void ofFromIterableAndForEach() {
    List<Integer> got = TestLoops.runVirtual(() -> {
      List<Integer> out = new ArrayList<>();
      AsyncStream.of(1, 2, 3, 4).filter(i -> i % 2 == 0).forEach(out::add);
      AsyncStream.fromIterable(List.of(5, 6)).forEach(out::add);
      return out;
    });
    assertThat(got).containsExactly(2, 4, 5, 6);
  }

  @Test
  void misuseIsAClearError() {
    TestLoops.runVirtual(() -> {
      assertThatThrownBy(() -> AsyncStream.of(1).take(-1)).isInstanceOf(IllegalArgumentException.class);
      AsyncStream.Emitter<Integer>[] leaked = new AsyncStream.Emitter[1];
      AsyncStream<Integer> s = AsyncStream.generate(out -> {
        leaked[0] = out;
        out.emit(1);
      });
      s.iterator().hasNext();
      assertThatThrownBy(() -> leaked[0].emit(2)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("emit must be called by the stream's own producer");
      s.close();
      return null;
    });
  }

  @Test
  void aProducerFailingWhileClosedIsNotLost() {
    List<ExceptionContext> reports = TestLoops.list();
    TestLoops.runVirtual(reports, () -> {
      AsyncStream<Integer> s = AsyncStream.generate(out -> {
        try {
          out.emit(1);
          out.emit(2);
        } finally {
          throw new IllegalStateException("cleanup failed");
        }
      });
      s.iterator().next();
      assertThatThrownBy(s::close).isInstanceOf(IllegalStateException.class)
          .hasMessage("cleanup failed");

      AsyncStream<Integer> forgotten = AsyncStream.generate(out -> {
        try {
          out.emit(1);
          out.emit(2);
        } finally {
          throw new IllegalStateException("forgotten cleanup failed");
        }
      });
      Task<Integer> consumer = Async.createTask(() -> forgotten.iterator().next());
      assertThat(consumer.await()).isEqualTo(1); // the consumer's own outcome is kept
      return null;
    });
    assertThat(reports).hasSize(1);
    assertThat(reports.get(0).exception()).hasMessage("forgotten cleanup failed");
  }
}
