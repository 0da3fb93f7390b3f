package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a task holds: its thread, created as its first step begins and let go when its body ends,
 * so tasks that wait to run or are done hold no thread, carrying what a thread made by the task's
 * creator would have (the context class loader); and its body, let go when it ends, so a done
 * task keeps nothing the body captured alive. On the carrier backend a thread whose task has ended
 * runs the next task if that task's first step comes next, but only a clean thread (no
 * thread-local values, no name): each task still sees itself, its own context class loader and
 * nothing its predecessor left.
 */
class TaskThreadTest {

  @Test
  void aTaskHoldsAThreadOnlyFromItsFirstStepUntilItsBodyEnds() {
    TestLoops.runVirtual(() -> {
      List<Thread> ranOn = new ArrayList<>();
      List<Task<Void>> tasks = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        tasks.add(Async.createTask(() -> {
          Task<?> me = Async.currentTask();
          assertThat(me.thread).isSameAs(Thread.currentThread());
          Async.sleep(0);
          assertThat(me.thread).isSameAs(Thread.currentThread());
          ranOn.add(Thread.currentThread());
        }));
      }
      for (Task<Void> t : tasks) {
        assertThat(t.thread).as("not run yet").isNull();
      }
      Async.gather(tasks);
      for (Task<Void> t : tasks) {
        assertThat(t.thread).as("done").isNull();
        assertThat(t.step.continuation).as("done").isNull();
      }
      assertThat(ranOn).doesNotHaveDuplicates().hasSize(3);
      return null;
    });
  }

  @Test
  void aDoneTaskKeepsNothingItsBodyCapturedAlive() {
    TestLoops.runVirtual(() -> {
      List<WeakReference<byte[]>> captured = new ArrayList<>();
      Task<Integer> t = taskCapturingAMebibyte(captured);
      assertThat(t.await()).isEqualTo(1 << 20);
      for (int i = 0; i < 10 && captured.get(0).get() != null; i++) {
        System.gc();
      }
      assertThat(captured.get(0).get()).as("what the body captured, once the task is done").isNull();
      assertThat(t.result()).isEqualTo(1 << 20);
      return null;
    });
  }

  /** A task whose body alone holds a mebibyte: no frame of the caller does. */
  private static Task<Integer> taskCapturingAMebibyte(List<WeakReference<byte[]>> captured) {
    byte[] data = new byte[1 << 20];
    captured.add(new WeakReference<>(data));
    return Async.createTask(() -> data.length);
  }

  @Test
  void aTaskThreadHasTheContextClassLoaderOfTheThreadThatCreatedTheTask() throws Exception {
    Thread caller = Thread.currentThread();
    ClassLoader original = caller.getContextClassLoader();
    try (URLClassLoader mine = new URLClassLoader(new URL[0], original);
        URLClassLoader childs = new URLClassLoader(new URL[0], original)) {
      List<ClassLoader> seen = TestLoops.list();
      TestLoops.runVirtual(() -> {
        Task<?> before = Async.createTask(() -> seen.add(Thread.currentThread().getContextClassLoader()));
        Thread.currentThread().setContextClassLoader(mine);
        Task<?> after = Async.createTask(() -> {
          seen.add(Thread.currentThread().getContextClassLoader());
          Thread.currentThread().setContextClassLoader(childs);
          Async.createTask(() -> seen.add(Thread.currentThread().getContextClassLoader())).await();
        });
        before.await();
        after.await();
        return null;
      });
      assertThat(seen).containsExactly(original, mine, childs);
    } finally {
      caller.setContextClassLoader(original);
    }
  }

  private static boolean carrier() {
    return Async.currentLoop().backend() == Backend.CARRIER;
  }

  @Test
  void tasksWhoseFirstStepsComeOneAfterAnotherRunOnOneThreadOnTheCarrier() {
    TestLoops.runVirtual(() -> {
      List<Task<Thread>> tasks = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        tasks.add(Async.createTask(() -> {
          assertThat(Async.currentTask().thread).isSameAs(Thread.currentThread());
          return Thread.currentThread();
        }));
      }
      Set<Thread> threads = new HashSet<>();
      for (Task<Thread> t : tasks) {
        threads.add(t.await());
        assertThat(t.thread).as("done").isNull();
        assertThat(t.step.continuation).as("done").isNull();
      }
      // one batch of first steps: one thread on the carrier, a thread each on portable
      assertThat(threads).hasSize(carrier() ? 1 : 100);
      return null;
    });
  }

  @Test
  void eachTaskOnASharedThreadIsItselfAndSuspendsAndResumesAsItself() {
    TestLoops.runVirtual(() -> {
      Promise<String> gate = Async.currentLoop().createPromise();
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        String name = "t" + i;
        tasks.add(Async.createTask(() -> {
          Task<?> me = Async.currentTask();
          assertThat(me.getName()).isEqualTo(name);
          if (name.equals("t2")) { // runs on t0's thread on the carrier, then waits
            String v = gate.await();
            assertThat(Async.currentTask()).isSameAs(me);
            assertThat(me.thread).isSameAs(Thread.currentThread());
            assertThat(me.stack()).isNotEmpty();
            Async.sleep(1);
            return name + v;
          }
          return name;
        }, name));
      }
      Async.sleep(0);
      assertThat(tasks.get(2).isDone()).isFalse();
      assertThat(tasks.get(4).isDone()).as("t2's wait does not hold up t3 and t4").isTrue();
      gate.setResult("!");
      List<String> out = new ArrayList<>();
      for (Task<String> t : tasks) {
        out.add(t.await());
      }
      assertThat(out).containsExactly("t0", "t1", "t2!", "t3", "t4");
      return null;
    });
  }

  @Test
  void aThreadWithThreadLocalValuesOrANameIsNotPassedOn() {
    ThreadLocal<String> local = new ThreadLocal<>();
    TestLoops.runVirtual(() -> {
      Task<Thread> setsLocal = Async.createTask(() -> {
        local.set("secret");
        return Thread.currentThread();
      });
      Task<String> next = Async.createTask(() -> local.get());
      Task<Thread> named = Async.createTask(() -> {
        Thread.currentThread().setName("renamed");
        return Thread.currentThread();
      });
      Task<String> afterNamed = Async.createTask(() -> Thread.currentThread().getName());
      Task<Thread> last = Async.createTask(Thread::currentThread);
      assertThat(next.await()).as("a value the task before set").isNull();
      assertThat(afterNamed.await()).isEmpty();
      assertThat(last.await()).isNotSameAs(setsLocal.await()).isNotSameAs(named.await());
      return null;
    });
  }

  @Test
  void aFailureOrACancellationOfATaskOnASharedThreadReachesItsAwaiterAndTheNextTaskStillRuns() {
    TestLoops.runVirtual(() -> {
      Event never = new Event();
      Task<String> first = Async.createTask(() -> "first");
      Task<String> fails = Async.createTask(() -> {
        throw new IllegalStateException("boom");
      });
      Task<String> cancelled = Async.createTask(() -> {
        never.await();
        return "not reached";
      });
      Task<String> after = Async.createTask(() -> "after");
      Async.sleep(0);
      cancelled.cancel();
      List<Outcome<String>> out = Async.gatherSettled(List.of(first, fails, cancelled, after));
      assertThat(out.get(0)).isEqualTo(new Outcome.Success<>("first"));
      assertThat(out.get(1).exception()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
      assertThat(out.get(2)).isInstanceOf(Outcome.Cancelled.class);
      assertThat(out.get(3)).isEqualTo(new Outcome.Success<>("after"));
      return null;
    });
  }

  @Test
  void aCreatorWithNoContextClassLoaderGivesItsTaskNone() {
    Thread caller = Thread.currentThread();
    ClassLoader original = caller.getContextClassLoader();
    List<String> seen = TestLoops.list();
    try {
      TestLoops.runVirtual(() -> {
        Thread.currentThread().setContextClassLoader(null);
        Task<?> none = Async.createTask(() -> seen.add(String.valueOf(Thread.currentThread().getContextClassLoader())));
        Thread.currentThread().setContextClassLoader(original);
        Task<?> usual = Async.createTask(() -> seen.add(Thread.currentThread().getContextClassLoader() == original ? "usual" : "other"));
        Async.gather(List.of(none, usual));
        return null;
      });
    } finally {
      caller.setContextClassLoader(original);
    }
    assertThat(seen).containsExactly("null", "usual");
  }

  @Test
  void aTaskOnASharedThreadHasItsOwnCreatorsContextClassLoader() throws Exception {
    Thread caller = Thread.currentThread();
    ClassLoader original = caller.getContextClassLoader();
    try (URLClassLoader mine = new URLClassLoader(new URL[0], original)) {
      List<ClassLoader> seen = TestLoops.list();
      TestLoops.runVirtual(() -> {
        Task<?> a = Async.createTask(() -> {
          seen.add(Thread.currentThread().getContextClassLoader());
          Thread.currentThread().setContextClassLoader(mine); // must not reach b
        });
        Task<?> b = Async.createTask(() -> seen.add(Thread.currentThread().getContextClassLoader()));
        Thread.currentThread().setContextClassLoader(mine);
        Task<?> c = Async.createTask(() -> seen.add(Thread.currentThread().getContextClassLoader()));
        Thread.currentThread().setContextClassLoader(original);
        Async.gather(List.of(a, b, c));
        return null;
      });
      assertThat(seen).containsExactly(original, original, mine);
    } finally {
      caller.setContextClassLoader(original);
    }
  }

  @Test
  void aThreadThatWentOnToRunAnotherTaskKeepsNothingOfTheTaskBeforeAlive() {
    TestLoops.runVirtual(() -> {
      Event release = new Event();
      List<WeakReference<byte[]>> result = new ArrayList<>();
      Thread[] firstRanOn = new Thread[1];
      Task<Thread> waiter = aMebibyteThenAWaiter(result, firstRanOn, release);
      Async.sleep(0); // both ran: the first ended, the waiter waits (on the carrier, on its thread)
      // one more batch: on portable the driver holds the step that began a hand-off chain until
      // the chain ends, and the first task began the chain that ran the two tasks and this one
      Async.sleep(0);
      for (int i = 0; i < 10 && result.get(0).get() != null; i++) {
        System.gc();
      }
      assertThat(result.get(0).get()).as("the first task's result, once nobody holds the task").isNull();
      release.set();
      Thread waiterRanOn = waiter.await();
      if (carrier()) {
        assertThat(waiterRanOn).isSameAs(firstRanOn[0]);
      }
      return null;
    });
  }

  /** A task returning a mebibyte nobody keeps, then a task that waits for {@code release}. */
  private static Task<Thread> aMebibyteThenAWaiter(List<WeakReference<byte[]>> result,
      Thread[] firstRanOn, Event release) {
    Async.createTask(() -> {
      firstRanOn[0] = Thread.currentThread();
      byte[] data = new byte[1 << 20];
      result.add(new WeakReference<>(data));
      return data;
    });
    return Async.createTask(() -> {
      release.await();
      return Thread.currentThread();
    });
  }
}
