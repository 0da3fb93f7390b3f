package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seed 002's {@code asyncq.py}: 5 producers put a random number of items after random sleeps, 10
 * consumers take them with random sleeps, main gathers the producers, joins the queue and cancels
 * the consumers. On the virtual clock: every item is consumed exactly once and the program ends.
 */
class AsyncQueueSeedTest {
  private record Item(String id, double putAt) {}

  @Test
  void everyProducedItemIsConsumedExactlyOnceAndTheProgramEnds() {
    for (long seed : new long[] {444, 1, 2, 3}) {
      List<String> produced = TestLoops.list();
      List<String> consumed = TestLoops.list();
      Random random = new Random(seed);
      double end = TestLoops.runVirtual(() -> {
        Queue<Item> q = new Queue<>();
        List<Task<Void>> producers = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
          int name = p;
          producers.add(Async.createTask(() -> {
            int n = random.nextInt(11);
            for (int i = 0; i < n; i++) {
              Async.sleep(random.nextInt(11));
              String id = "p" + name + "-" + i;
              q.put(new Item(id, Async.currentLoop().time()));
              produced.add(id);
            }
          }, "producer-" + p));
        }
        List<Task<Void>> consumers = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
          consumers.add(Async.createTask(() -> {
            while (true) {
              Async.sleep(random.nextInt(11));
              Item item = q.get();
              assertThat(Async.currentLoop().time()).isGreaterThanOrEqualTo(item.putAt());
              consumed.add(item.id());
              q.taskDone();
            }
          }, "consumer-" + c));
        }
        for (Task<Void> p : producers) {
          p.await();
        }
        q.join(); // implicitly awaits the consumers too
        for (Task<Void> c : consumers) {
          c.cancel();
        }
        for (Task<Void> c : consumers) {
          assertThatThrownBy(c::await).isInstanceOf(CancelledException.class);
        }
        return Async.currentLoop().time();
      });
      Set<String> unique = new HashSet<>(consumed);
      assertThat(unique).hasSize(consumed.size()); // nothing consumed twice
      assertThat(consumed).containsExactlyInAnyOrderElementsOf(produced); // nothing lost
      assertThat(end).isPositive();
    }
  }
}
