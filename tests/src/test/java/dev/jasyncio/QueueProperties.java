package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Queues under random cancellation lose and duplicate nothing: the items whose put returned are
 * exactly the items got plus the items still queued, and no cancelled put added its item.
 */
class QueueProperties {
  @Property(tries = 60)
  void nothingLostNothingDuplicated(@ForAll long seed) {
    Random r = new Random(seed);
    List<Integer> put = new ArrayList<>();
    List<Integer> failedPuts = new ArrayList<>();
    List<Integer> got = new ArrayList<>();
    List<Integer> left = new ArrayList<>();
    Watchdog.run(() -> {
      int maxsize = r.nextInt(4);
      Queue<Integer> q = switch (r.nextInt(3)) {
        case 0 -> new Queue<>(maxsize);
        case 1 -> new LifoQueue<>(maxsize);
        default -> new PriorityQueue<>(maxsize);
      };
      List<Task<Void>> producers = new ArrayList<>();
      List<Task<Void>> consumers = new ArrayList<>();
      int nProducers = 1 + r.nextInt(4);
      for (int p = 0; p < nProducers; p++) {
        int base = p * 100;
        int count = r.nextInt(10);
        producers.add(Async.createTask(() -> {
          for (int i = 0; i < count; i++) {
            Async.sleep(r.nextInt(3));
            int item = base + i;
            try {
              q.put(item);
            } catch (CancelledException c) {
              failedPuts.add(item);
              throw c;
            }
            put.add(item);
          }
        }));
      }
      int nConsumers = 1 + r.nextInt(4);
      for (int c = 0; c < nConsumers; c++) {
        consumers.add(Async.createTask(() -> {
          while (true) {
            Async.sleep(r.nextInt(2));
            got.add(q.get());
          }
        }));
      }
      List<Task<Void>> all = new ArrayList<>(producers);
      all.addAll(consumers);
      // cancel random tasks at random moments, often in the same step as a hand-off
      Task<Void> canceller = Async.createTask(() -> {
        for (int i = 0; i < 8; i++) {
          Async.sleep(r.nextInt(3));
          if (r.nextBoolean() && !q.isFull()) {
            // hand an item to a waiting getter and cancel in the same step: the cancel lands
            // after the wake, before the getter resumed, and the item must go back
            int item = 10_000 + i;
            q.putNowait(item);
            put.add(item);
          }
          all.get(r.nextInt(all.size())).cancel();
        }
      });
      settle(canceller);
      Async.sleep(40); // live tasks finish what they can; a producer may be stuck on a full queue
      for (Task<Void> t : all) {
        t.cancel();
      }
      for (Task<Void> t : all) {
        settle(t);
      }
      while (!q.isEmpty()) {
        left.add(q.getNowait());
      }
      return null;
    });
    List<Integer> out = new ArrayList<>(got);
    out.addAll(left);
    assertThat(new HashSet<>(out)).hasSize(out.size()); // nothing duplicated
    assertThat(out).containsExactlyInAnyOrderElementsOf(put); // nothing lost, nothing extra
    for (Integer f : failedPuts) {
      assertThat(out).as("a cancelled put added nothing").doesNotContain(f);
    }
  }

  private static void settle(Task<?> t) {
    try {
      t.await();
    } catch (CancelledException expected) {
      // cancelled by the canceller: fine
    }
  }
}
