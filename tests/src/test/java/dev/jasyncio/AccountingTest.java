package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The always-on accounting: steps, running, ready and suspended time split by what was waited
 * on, what a task waits on now, and the loop's busy/idle time and scheduling-delay histogram.
 * Durations run on the real clock (the accounting measures real time) and are checked only from
 * below, by half of what the task itself measured: a slow machine makes them larger, and the
 * coarse clock's stamps may be late by a tick or a wait for a core.
 */
class AccountingTest {
  private static final long MS = 1_000_000L;

  @Test
  void stepsAndSleepsAreCountedAndTheCurrentWaitIsNamed() {
    TestLoops.runVirtual(() -> {
      Task<?> sleeper = Async.createTask(() -> {
        for (int i = 0; i < 3; i++) {
          Async.sleep(1);
        }
      }, "sleeper");
      Async.sleep(0.5);
      CurrentWait w = CurrentWait.of(sleeper);
      assertThat(w.kind()).isEqualTo(WaitKind.SLEEP);
      assertThat(w.description()).isEqualTo("Async.sleep (wakes in 500.0ms)");
      assertThat(sleeper.step.state).isEqualTo(TaskStep.SUSPENDED);
      sleeper.await();
      assertThat(sleeper.step.steps()).isEqualTo(4);
      assertThat(sleeper.step.state).isEqualTo(TaskStep.DONE);
      assertThat(CurrentWait.of(sleeper)).isNull();
      return null;
    });
  }

  @Test
  void aTaskThatEndsInItsFirstStepKeepsOnlyItsCountAndItsParentAndAgeAreKept() {
    TestLoops.runVirtual(() -> {
      Task<?> me = Async.currentTask();
      Task<Integer> once = Async.createTask(() -> 1, "once");
      Task<?> twice = Async.createTask(() -> Async.sleep(1), "twice");
      Async.sleep(0.5);
      assertThat(once.step.state).isEqualTo(TaskStep.DONE);
      assertThat(once.step.steps()).isEqualTo(1);
      assertThat(once.step.stats).as("a spawn that returns at once allocates no times").isNull();
      assertThat(twice.step.waitKind()).isEqualTo(WaitKind.SLEEP);
      assertThat(twice.step.parentId()).isEqualTo(me.id);
      assertThat(me.step.parentId()).isZero();
      long now = CoarseClock.now();
      assertThat(twice.step.ageNanos(now + 3_000 * MS) - twice.step.ageNanos(now))
          .isBetween(2_990 * MS, 3_010 * MS); // to about a millisecond
      twice.await();
      return null;
    });
  }

  @Test
  void tasksParkedAfterAFirstStepWithNothingToCountKeepNoTimesUntilTheyWake() {
    TestLoops.runVirtual(() -> {
      List<Task<Void>> sleepers = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        sleepers.add(Async.createTask(() -> Async.sleep(1)));
      }
      spinUntilTheCoarseClockMoves(); // every first step then waits for the loop, and has a delay
      Async.sleep(0.5);
      // a first step that parks in the tick it started in has run for no time to count; nearly
      // all of these do (a tick is 1 ms), whatever they waited for the loop
      long bare = sleepers.stream().filter(t -> t.step.stats == null).count();
      assertThat(bare).as("sleepers parked with no TaskStats").isGreaterThan(500);
      spinUntilTheCoarseClockMoves(); // real time passes while they sleep (virtual clock here)
      long now = CoarseClock.now();
      long[] waited = new long[sleepers.size()];
      long[] ready = new long[sleepers.size()];
      for (int i = 0; i < waited.length; i++) {
        TaskStep s = sleepers.get(i).step;
        assertThat(s.waitKind()).isEqualTo(WaitKind.SLEEP);
        assertThat(s.state).isEqualTo(TaskStep.SUSPENDED);
        waited[i] = s.waitingForNanos(now);
        assertThat(waited[i]).isPositive();
        assertThat(s.suspendedNanos(WaitKind.SLEEP, now)).isEqualTo(waited[i]);
        assertThat(s.suspendedNanos(WaitKind.PRIMITIVE, now)).isZero();
        assertThat(s.steps()).isEqualTo(1);
        ready[i] = s.readyNanos(now);
      }
      Async.gather(sleepers);
      now = CoarseClock.now();
      for (int i = 0; i < waited.length; i++) {
        TaskStep s = sleepers.get(i).step;
        assertThat(s.stats).as("woken: its times from then on").isNotNull();
        assertThat(s.suspendedNanos(WaitKind.SLEEP, now))
            .as("its first suspension, counted as a sleep").isGreaterThanOrEqualTo(waited[i]);
        assertThat(s.suspendedNanos(WaitKind.OTHER, now)).isZero();
        assertThat(s.steps()).isEqualTo(2);
        assertThat(s.readyNanos(now)).as("its first step's delay is kept")
            .isGreaterThanOrEqualTo(ready[i]);
      }
      assertThat(java.util.Arrays.stream(ready).max().orElse(0))
          .as("some first steps waited for the loop").isPositive();
      return null;
    });
  }

  @Test
  void aLockWaitNamesTheLockAndItsHolderAQueueWaitTheQueue() {
    TestLoops.runVirtual(() -> {
      Lock lock = new Lock();
      Queue<String> queue = new Queue<>();
      Event never = new Event();
      Task<?> holder = Async.createTask(() -> {
        try (var held = lock.acquire()) {
          never.await();
        }
      }, "holder");
      Task<?> waiter = Async.createTask(() -> lock.withLock(() -> null), "waiter");
      Task<?> getter = Async.createTask(queue::get, "getter");
      Async.sleep(0);
      Async.sleep(0);
      CurrentWait onLock = CurrentWait.of(waiter);
      assertThat(onLock.kind()).isEqualTo(WaitKind.PRIMITIVE);
      assertThat(onLock.resource()).isSameAs(lock);
      assertThat(onLock.what()).isEqualTo("Lock.acquire");
      assertThat(onLock.description()).startsWith("Lock.acquire on Lock@").contains("locked");
      assertThat(lock.gate.holder).isSameAs(holder);
      assertThat(CurrentWait.of(holder).resource()).isSameAs(never);
      CurrentWait onQueue = CurrentWait.of(getter);
      assertThat(onQueue.resource()).isSameAs(queue);
      assertThat(onQueue.what()).isEqualTo("Queue.get");
      holder.cancel();
      waiter.await();
      assertThat(lock.isLocked()).isFalse();
      assertThat(lock.gate.holder).isNull();
      queue.putNowait("x");
      getter.await();
      assertThat(waiter.step.steps()).isEqualTo(2); // one to the lock, one after it
      assertThat(waiter.step.waitKind()).isNull(); // done: it waits on nothing now
      return null;
    });
  }

  @Test
  void aPromiseAwaitNamesThePromiseWhetherItHasOneAwaiterOrMany() {
    TestLoops.runVirtual(() -> {
      Promise<String> p = Async.createPromise();
      Task<?> first = Async.createTask(p::await, "first");
      Async.sleep(0);
      CurrentWait alone = CurrentWait.of(first);
      assertThat(alone.kind()).isEqualTo(WaitKind.PRIMITIVE);
      assertThat(alone.resource()).isSameAs(p);
      assertThat(alone.what()).isEqualTo("await");
      assertThat(alone.description()).startsWith("await on Promise@").endsWith("[pending]");
      assertThat(CurrentWait.queueOwner(first)).isSameAs(p);
      Task<?> second = Async.createTask(p::await, "second");
      Async.sleep(0);
      for (Task<?> t : List.of(first, second)) {
        assertThat(CurrentWait.of(t)).as(t.getName()).isEqualTo(alone);
        assertThat(CurrentWait.queueOwner(t)).isSameAs(p);
      }
      p.setResult("x");
      Async.sleep(0);
      assertThat(CurrentWait.of(first)).isNull();
      assertThat(CurrentWait.queueOwner(second)).isNull();
      return null;
    });
  }

  @Test
  void offloadedWorkIsItsOwnKind() {
    try (Loop loop = Loop.builder().build()) {
      loop.runUntilComplete(() -> {
        java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Task<?> t = Async.createTask(() -> Async.toThread(() -> {
          started.countDown();
          release.await(10, TimeUnit.SECONDS);
          Thread.sleep(30);
        }), "offloader");
        Async.toThread(() -> started.await(10, TimeUnit.SECONDS));
        CurrentWait w = CurrentWait.of(t);
        assertThat(w.kind()).isEqualTo(WaitKind.OFFLOADED);
        assertThat(w.what()).isEqualTo("Async.toThread");
        release.countDown();
        t.await();
        assertThat(t.step.suspendedNanos(WaitKind.OFFLOADED, CoarseClock.now())).isPositive();
        return null;
      });
    }
  }

  @Test
  void eachKindOfWaitKeepsItsOwnTime() {
    // lengths 4x apart, checked from below by half: a kind's time counted as another's fails
    try (Loop loop = Loop.builder().build()) {
      loop.runUntilComplete(() -> {
        long[] took = new long[3];
        Event set = new Event();
        Task<?> t = Async.createTask(() -> {
          long t0 = System.nanoTime();
          Async.sleep(0.02);
          long t1 = System.nanoTime();
          set.await();
          long t2 = System.nanoTime();
          Async.toThread(() -> Thread.sleep(320));
          took[0] = t1 - t0;
          took[1] = t2 - t1;
          took[2] = System.nanoTime() - t2;
        }, "every kind");
        Async.sleep(0.02);
        Async.toThread(() -> Thread.sleep(80));
        set.set();
        t.await();
        long now = CoarseClock.now();
        TaskStep s = t.step;
        assertThat(s.suspendedNanos(WaitKind.SLEEP, now)).isGreaterThanOrEqualTo(took[0] / 2);
        assertThat(s.suspendedNanos(WaitKind.PRIMITIVE, now)).isGreaterThanOrEqualTo(took[1] / 2);
        assertThat(s.suspendedNanos(WaitKind.OFFLOADED, now)).isGreaterThanOrEqualTo(took[2] / 2);
        assertThat(s.suspendedNanos(WaitKind.IO, now)).isZero();
        assertThat(s.suspendedNanos(WaitKind.OTHER, now)).isZero();
        return null;
      });
    }
  }

  @Test
  void runningReadyAndSuspendedTimeAddUpOnTheRealClock() {
    try (Loop loop = Loop.builder().build()) {
      long[] spun = new long[1];
      loop.runUntilComplete(() -> {
        Event end = new Event(); // the monitor shows live tasks: each waits for the end
        Task<?> spinner = Async.createTask(() -> {
          spun[0] = spin(200 * MS);
          end.await();
        }, "spinner");
        Task<?> behind = Async.createTask(end::await, "behind"); // ready while the spinner runs
        Task<?> sleeper = Async.createTask(() -> Async.sleep(Duration.ofMillis(400)), "sleeper");
        sleeper.await();
        long now = CoarseClock.now();
        // the coarse clock's ticker thread may itself wait for a core on a loaded machine, and a
        // stamp is late by that wait: the spin is long, and only half of it is asked for
        assertThat(spinner.step.runningNanos(now)).isGreaterThanOrEqualTo(spun[0] / 2);
        assertThat(behind.step.readyNanos(now)).isGreaterThanOrEqualTo(spun[0] / 2);
        assertThat(behind.step.runningNanos(now)).isLessThan(spun[0] / 2);
        assertThat(sleeper.step.suspendedNanos(WaitKind.SLEEP, now)).isGreaterThanOrEqualTo(200 * MS);
        assertThat(sleeper.step.steps()).isEqualTo(2);
        end.set();
        spinner.await();
        behind.await();
        return null;
      });
      LoopStats stats = loop.scheduler.stats;
      assertThat(stats.steps).isGreaterThanOrEqualTo(5);
      assertThat(stats.runNanos()).isGreaterThanOrEqualTo(400 * MS);
      assertThat(stats.idleNanos()).isGreaterThanOrEqualTo(100 * MS); // the loop waited for the sleeper
      long late = 0;
      for (int b = LoopStats.bucket(50 * MS); b < LoopStats.BUCKETS; b++) {
        late += stats.delayHistogram()[b];
      }
      assertThat(late).as("the step that waited behind the spinner").isGreaterThanOrEqualTo(1);
      assertThat(stats.running()).isNull();
    }
  }

  @Test
  void aJdkBlockingCallIsAWaitOnCarrierAndHoldsTheLoopOnPortable() {
    try (Loop loop = Loop.builder().build()) {
      loop.runUntilComplete(() -> {
        // the JDK's first timed park in a virtual thread initialises classes while pinned
        Async.createTask(() -> Async.blocking(() -> Thread.sleep(1))).await();
        Event end = new Event();
        Task<?> t = Async.createTask(() -> {
          Thread.sleep(200);
          end.await(); // alive when measured, as the monitor sees it
        }, "jdk-sleeper");
        for (int i = 0; t.step.waitKind() != WaitKind.PRIMITIVE; i++) {
          assertThat(i).as("polls for jdk-sleeper to wait on the event (10 ms each)").isLessThan(1000);
          Async.sleep(0.01);
        }
        long now = CoarseClock.now();
        if (loop.backend() == Backend.CARRIER) {
          // the JDK parks the task and wakes it itself; its steps are still its own
          assertThat(t.step.suspendedNanos(WaitKind.OTHER, now)).isGreaterThanOrEqualTo(100 * MS);
          assertThat(t.step.steps()).isEqualTo(2);
        } else {
          assertThat(t.step.runningNanos(now)).isGreaterThanOrEqualTo(100 * MS);
          assertThat(t.step.steps()).isEqualTo(1);
        }
        end.set();
        t.await();
        return null;
      });
    }
  }

  @Test
  void aBlockingSectionIsOffloaded() {
    try (Loop loop = Loop.builder().build()) {
      loop.runUntilComplete(() -> {
        Async.createTask(() -> Async.blocking(() -> Thread.sleep(1))).await(); // see above
        Task<?> t = Async.createTask(() -> Async.blocking(() -> Thread.sleep(200)), "section");
        t.await();
        assertThat(t.step.suspendedNanos(WaitKind.OFFLOADED, CoarseClock.now()))
            .isGreaterThanOrEqualTo(100 * MS);
        return null;
      });
    }
  }

  /**
   * Spins on the loop until the accounting's coarse clock has moved on by a few ticks: its ticker
   * thread may be late on a busy machine.
   */
  private static void spinUntilTheCoarseClockMoves() {
    long start = CoarseClock.now();
    for (long spun = 0; CoarseClock.now() - start < 3 * CoarseClock.TICK_NANOS; spun += spin(MS)) {
      assertThat(spun).as("the coarse clock ticks within 10 s").isLessThan(10_000 * MS);
    }
  }

  /** Spins on the loop for at least {@code nanos}; returns how long it spun. */
  private static long spin(long nanos) {
    long start = System.nanoTime();
    long now;
    do {
      now = System.nanoTime();
    } while (now - start < nanos);
    return now - start;
  }

  @Test
  void anIdleLoopLeavesTheAccountingClockParked() throws Exception {
    // The coarse clock ticks only while a loop is busy: a loop waiting for work (here for an
    // offloaded call) must not keep a thread waking a thousand times a second.
    Thread.State state = Async.run(() -> Async.toThread(() -> {
      Thread clock = null;
      Thread.State seen = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline) {
        clock = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("jasyncio-clock")).findFirst().orElse(null);
        seen = clock == null ? null : clock.getState();
        if (seen == Thread.State.WAITING) {
          break;
        }
        Thread.sleep(20);
      }
      return seen;
    }));
    assertThat(state).isEqualTo(Thread.State.WAITING);
  }
}
