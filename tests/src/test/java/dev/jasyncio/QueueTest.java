package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Queue, PriorityQueue, LifoQueue: order, back-pressure, join, shutdown, cancellation, misuse. */
class QueueTest {
  @Test
  void itemsComeOutInOrderAndGetWaitsForThem() {
    List<Integer> got = TestLoops.list();
    double end = TestLoops.runVirtual(() -> {
      Queue<Integer> q = new Queue<>();
      Task<Void> consumer = Async.createTask(() -> {
        for (int i = 0; i < 3; i++) {
          got.add(q.get());
        }
      });
      for (int i = 0; i < 3; i++) {
        Async.sleep(1);
        q.put(i);
      }
      consumer.await();
      assertThat(q.isEmpty()).isTrue();
      return Async.currentLoop().time();
    });
    assertThat(got).containsExactly(0, 1, 2);
    assertThat(end).isEqualTo(3.0);
  }

  @Test
  void aFullQueuePushesBackOnPutters() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Queue<Integer> q = new Queue<>(2);
      Task<Void> producer = Async.createTask(() -> {
        for (int i = 0; i < 4; i++) {
          q.put(i);
          out.add("put " + i + " at " + Async.currentLoop().time());
        }
      });
      Async.sleep(5);
      assertThat(q.isFull()).isTrue();
      assertThat(q.qsize()).isEqualTo(2);
      assertThatThrownBy(() -> q.putNowait(9)).isInstanceOf(QueueFullException.class);
      for (int i = 0; i < 4; i++) {
        assertThat(q.get()).isEqualTo(i);
        Async.sleep(1);
      }
      producer.await();
      return null;
    });
    assertThat(out).containsExactly("put 0 at 0.0", "put 1 at 0.0", "put 2 at 5.0", "put 3 at 6.0");
  }

  @Test
  void nowaitVariantsAndSizes() {
    TestLoops.runVirtual(() -> {
      Queue<String> q = new Queue<>(1);
      assertThat(q.maxsize()).isEqualTo(1);
      assertThatThrownBy(q::getNowait).isInstanceOf(QueueEmptyException.class)
          .hasMessage("Queue.getNowait: the queue is empty");
      q.putNowait("a");
      assertThat(q.isFull()).isTrue();
      assertThatThrownBy(() -> q.putNowait("b")).isInstanceOf(QueueFullException.class);
      assertThat(q.getNowait()).isEqualTo("a");
      assertThat(new Queue<String>(-5).maxsize()).isZero(); // asyncio: <= 0 is unbounded
      assertThatThrownBy(() -> q.put(null)).isInstanceOf(NullPointerException.class);
      return null;
    });
  }

  @Test
  void priorityAndLifoOrders() {
    TestLoops.runVirtual(() -> {
      PriorityQueue<Integer> pq = new PriorityQueue<>();
      LifoQueue<Integer> lq = new LifoQueue<>();
      PriorityQueue<String> byLength = new PriorityQueue<>(0, Comparator.comparing(String::length));
      for (int i : new int[] {3, 1, 2}) {
        pq.put(i);
        lq.put(i);
      }
      byLength.put("ccc");
      byLength.put("a");
      List<Integer> p = new ArrayList<>();
      List<Integer> l = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        p.add(pq.get());
        l.add(lq.get());
      }
      assertThat(p).containsExactly(1, 2, 3);
      assertThat(l).containsExactly(2, 1, 3);
      assertThat(byLength.get()).isEqualTo("a");
      return null;
    });
  }

  @Test
  void aBoundedPriorityQueueAdmitsWaitingPuttersInOrderOfPriority() {
    TestLoops.runVirtual(() -> {
      PriorityQueue<Integer> pq = new PriorityQueue<>(2);
      pq.put(5);
      pq.put(4);
      Task<Void> putter = Async.createTask(() -> pq.put(1));
      Async.sleep(0);
      assertThat(pq.get()).isEqualTo(4); // frees room: 1 is admitted
      putter.await();
      assertThat(pq.get()).isEqualTo(1);
      assertThat(pq.get()).isEqualTo(5);
      return null;
    });
  }

  @Test
  void joinWaitsUntilEveryItemIsDone() {
    double end = TestLoops.runVirtual(() -> {
      Queue<Integer> q = new Queue<>();
      q.join(); // nothing unfinished: returns at once
      for (int i = 0; i < 3; i++) {
        q.put(i);
      }
      Task<Void> worker = Async.createTask(() -> {
        while (true) {
          q.get();
          Async.sleep(1);
          q.taskDone();
        }
      });
      q.join();
      assertThat(q.unfinishedTasks()).isZero();
      double at = Async.currentLoop().time();
      worker.cancel();
      return at;
    });
    assertThat(end).isEqualTo(3.0);
  }

  @Test
  void taskDoneCalledTooOftenIsANamedError() {
    TestLoops.runVirtual(() -> {
      Queue<Integer> q = new Queue<>();
      q.put(1);
      q.get();
      q.taskDone();
      assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class)
          .hasMessage("Queue.taskDone called more times than items were put");
      return null;
    });
  }

  @Test
  void shutdownLetsGettersDrainThenFailsThem() {
    TestLoops.runVirtual(() -> {
      Queue<Integer> q = new Queue<>(1);
      q.put(1);
      Task<Void> blockedPutter = Async.createTask(() -> q.put(2));
      Async.sleep(0);
      q.shutdown();
      assertThat(q.isShutDown()).isTrue();
      assertThatThrownBy(blockedPutter::await).isInstanceOf(QueueShutDownException.class);
      assertThatThrownBy(() -> q.put(3)).isInstanceOf(QueueShutDownException.class);
      assertThatThrownBy(() -> q.putNowait(3)).isInstanceOf(QueueShutDownException.class);
      assertThat(q.get()).isEqualTo(1); // items left are still delivered
      assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
      assertThatThrownBy(q::getNowait).isInstanceOf(QueueShutDownException.class);
      return null;
    });
  }

  @Test
  void shutdownWakesBlockedGetters() {
    TestLoops.runVirtual(() -> {
      Queue<Integer> q = new Queue<>();
      Task<Integer> getter = Async.createTask(q::get);
      Async.sleep(0);
      q.shutdown(false);
      assertThatThrownBy(getter::await).isInstanceOf(QueueShutDownException.class)
          .hasMessageContaining("shut down while waiting");
      return null;
    });
  }

  @Test
  void immediateShutdownDropsTheItemsAndReleasesJoin() {
    TestLoops.runVirtual(() -> {
      Queue<Integer> q = new Queue<>();
      q.put(1);
      q.put(2);
      q.put(3);
      assertThat(q.get()).isEqualTo(1); // taken, not yet done
      Task<Void> joiner = Async.createTask(q::join);
      Async.sleep(0);
      q.shutdown(true);
      assertThat(q.isEmpty()).isTrue();
      assertThat(q.unfinishedTasks()).isEqualTo(1); // only the dropped items count as done
      assertThat(joiner.isDone()).isFalse();
      assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
      q.taskDone();
      joiner.await();
      return null;
    });
  }

  @Test
  void aCancelledGetLosesNoItem() {
    TestLoops.runVirtual(() -> {
      Queue<String> q = new Queue<>();
      Task<String> early = Async.createTask(q::get);
      Task<String> late = Async.createTask(q::get);
      Async.sleep(0);
      early.cancel(); // cancelled before any item: it leaves, taking nothing
      Async.sleep(0);
      q.put("x");
      assertThat(late.await()).isEqualTo("x");

      Task<String> handed = Async.createTask(q::get);
      Async.sleep(0);
      q.put("y"); // handed to the waiting getter ...
      handed.cancel(); // ... before it runs: the get raises, the item goes back to the front
      assertThatThrownBy(handed::await).isInstanceOf(CancelledException.class);
      assertThat(q.getNowait()).isEqualTo("y");
      return null;
    });
  }

  @Test
  void aCancelledPutAddsNothing() {
    TestLoops.runVirtual(() -> {
      Queue<String> q = new Queue<>(1);
      q.put("a");
      Task<Void> putter = Async.createTask(() -> q.put("b"));
      Async.sleep(0);
      putter.cancel();
      Async.sleep(0);
      assertThat(q.get()).isEqualTo("a");
      assertThat(q.isEmpty()).isTrue();
      assertThat(q.unfinishedTasks()).isEqualTo(1);
      return null;
    });
  }

  @Test
  void waitingGettersAndPuttersAreServedFirstComeFirstServed() {
    List<String> out = TestLoops.list();
    TestLoops.runVirtual(() -> {
      Queue<String> q = new Queue<>(1);
      List<Task<Void>> getters = new ArrayList<>();
      for (String g : List.of("g1", "g2", "g3")) {
        getters.add(Async.createTask(() -> {
          out.add(g + "<-" + q.get());
        }));
        Async.sleep(0);
      }
      List<Task<Void>> putters = new ArrayList<>();
      for (String p : List.of("a", "b", "c", "d", "e")) {
        putters.add(Async.createTask(() -> q.put(p)));
        Async.sleep(0);
      }
      for (Task<Void> g : getters) {
        g.await();
      }
      assertThat(q.get()).isEqualTo("d"); // a, b, c went to the waiting getters; e waits for room
      for (Task<Void> p : putters) {
        p.await();
      }
      assertThat(q.get()).isEqualTo("e");
      return null;
    });
    assertThat(out).containsExactly("g1<-a", "g2<-b", "g3<-c");
  }
}
