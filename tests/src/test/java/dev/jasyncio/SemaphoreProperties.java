package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A semaphore under random cancellation never lets more than its permits in, never has a free
 * permit while a task waits, and ends with every permit back.
 */
class SemaphoreProperties {
  @Property(tries = 60)
  void neverOverPermitsNeverStrandsAWaiter(@ForAll long seed) {
    Random r = new Random(seed);
    Watchdog.run(() -> {
      int permits = 1 + r.nextInt(3);
      Semaphore sem = r.nextBoolean() ? new Semaphore(permits) : new BoundedSemaphore(permits);
      int[] inside = new int[1];
      Runnable check = () -> {
        assertThat(inside[0]).isBetween(0, permits);
        assertThat(sem.availablePermits() == 0 || sem.gate.waiters.isEmpty())
            .as("a permit is free while a task waits").isTrue();
      };
      List<Task<Void>> tasks = new ArrayList<>();
      int n = 2 + r.nextInt(7);
      for (int i = 0; i < n; i++) {
        tasks.add(Async.createTask(() -> {
          for (int round = 0; round < 3; round++) {
            Async.sleep(r.nextInt(3));
            check.run();
            try (Acquired p = sem.acquire()) {
              inside[0]++;
              check.run();
              try {
                Async.sleep(r.nextInt(3));
              } finally {
                inside[0]--;
              }
            }
            check.run();
            if (r.nextInt(3) == 0) {
              // cancel in the step of the release: the permit was just handed to a waiter
              // that has not resumed, and must go on to the next one
              tasks.get(r.nextInt(tasks.size())).cancel();
            }
          }
        }));
      }
      Task<Void> canceller = Async.createTask(() -> {
        for (int i = 0; i < 5; i++) {
          Async.sleep(r.nextInt(3));
          check.run();
          tasks.get(r.nextInt(n)).cancel();
        }
      });
      for (Task<Void> t : tasks) {
        try {
          t.await();
        } catch (CancelledException expected) {
          // cancelled
        }
      }
      canceller.await();
      check.run();
      assertThat(sem.availablePermits()).isEqualTo(permits); // every permit came back
      assertThat(sem.gate.waiters.isEmpty()).isTrue();
      return null;
    });
  }
}
