package dev.jasyncio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Events;

/**
 * Seeded schedule exploration finds a read-modify-write race that the default order hides, and
 * the seed it prints replays exactly that schedule.
 */
class ScheduleExplorationTest {
  private static final Pattern SEED = Pattern.compile("failed under schedule seed (-?\\d+) ");

  @Test
  void theRaceHidesUnderTheDefaultOrder() {
    Events events = EngineRuns.run(Racy.class, "increments");
    assertThat(events.succeeded().count()).isEqualTo(1);
    assertThat(events.failed().count()).isZero();
  }

  @Test
  void explorationFindsTheRaceAndItsSeedReplaysIt() {
    Events explored = EngineRuns.run(Racy.class, "incrementsExplored");
    assertThat(explored.failed().count()).as("exploration stops at the first failing schedule").isEqualTo(1);
    assertThat(explored.started().count()).isLessThanOrEqualTo(100);
    Throwable failure = EngineRuns.failures(explored).getFirst();
    Matcher m = SEED.matcher(failure.getMessage());
    assertThat(m.find()).as(failure.getMessage()).isTrue();
    String seed = m.group(1);
    assertThat(failure.getMessage())
        .contains("(schedule " + explored.started().count() + "/100, ")
        .contains("Replay exactly this schedule with @AsyncTest(replay = " + seed + "L) or -Djasyncio.replaySeed=" + seed)
        .contains("expected: 2");
    assertThat(failure.getCause()).isInstanceOf(AssertionError.class);

    Events replayed = EngineRuns.run(Racy.class, "incrementsExplored", "jasyncio.replaySeed", seed);
    assertThat(replayed.started().count()).isEqualTo(1);
    assertThat(EngineRuns.failures(replayed)).singleElement(THROWABLE)
        .satisfies(t -> assertThat(t).hasMessageContaining("failed under schedule seed " + seed + " (replay, "));
  }

  @Test
  void aPassingScheduleReplaysAsPassingAndExplorationGoesOnUntilAFailure() {
    String seed = null;
    int base = 0;
    for (; seed == null; base++) { // a base seed whose first schedule passes
      Events first = EngineRuns.run(Racy.class, "incrementsExplored",
          "jasyncio.scheduleSeed", String.valueOf(base), "jasyncio.schedules", "1");
      if (first.succeeded().count() == 1) {
        String name = first.succeeded().list().getFirst().getTestDescriptor().getDisplayName();
        assertThat(name).matches("(carrier|portable), schedule 1/1, seed -?\\d+");
        seed = name.substring(name.lastIndexOf("seed ") + 5);
      }
    }
    Events replayed = EngineRuns.run(Racy.class, "incrementsExplored", "jasyncio.replaySeed", seed);
    assertThat(replayed.succeeded().count()).isEqualTo(1);
    assertThat(replayed.succeeded().list().getFirst().getTestDescriptor().getDisplayName())
        .endsWith(", replay, seed " + seed);

    Events explored = EngineRuns.run(Racy.class, "incrementsExplored",
        "jasyncio.scheduleSeed", String.valueOf(base - 1));
    assertThat(explored.succeeded().count()).isPositive();
    assertThat(explored.failed().count()).isEqualTo(1);
    assertThat(explored.started().count()).isEqualTo(explored.succeeded().count() + 1);
  }

  /**
   * Two tasks read, suspend, and write a shared counter. FIFO runs them one after the other; a
   * schedule that lets B read before A writes loses an increment.
   */
  static class Racy {
    private int counter;

    private void race() {
      Task<Void> a = Async.createTask(() -> {
        int v = counter;
        Async.sleep(Duration.ZERO);
        counter = v + 1;
      }, "A");
      Task<Void> b = Async.createTask(() -> {
        Async.sleep(Duration.ZERO);
        int v = counter;
        Async.sleep(Duration.ZERO);
        counter = v + 1;
      }, "B");
      a.await();
      b.await();
      assertThat(counter).isEqualTo(2);
    }

    @AsyncTest
    void increments() {
      race();
    }

    @AsyncTest(schedules = 100)
    void incrementsExplored() {
      race();
    }
  }
}
