package dev.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 004's lessons: find_divisibles in sequence and as tasks; never-awaited tasks. */
class Seed004Test {

  @Test
  void inSequenceTheShortSearchesWaitForTheLongOne() {
    Runs.Ran ran = Runs.virtual(new FindDivisibles());
    assertThat(ran.lines()).containsExactly(
        "finding nums in range 508000 divisible by 34113",
        "Done w/ nums in range 508000 divisible by 34113",
        "finding nums in range 100052 divisible by 3210",
        "Done w/ nums in range 100052 divisible by 3210",
        "finding nums in range 500 divisible by 3",
        "Done w/ nums in range 500 divisible by 3");
  }

  @Test
  void asTasksThatYieldTheShortestSearchFinishesFirst() {
    Runs.Ran ran = Runs.virtual(new FindDivisiblesTasks());
    assertThat(ran.lines()).containsExactly(
        "finding nums in range 508000 divisible by 34113",
        "finding nums in range 100052 divisible by 3210",
        "finding nums in range 500 divisible by 3",
        "Done w/ nums in range 500 divisible by 3",
        "Done w/ nums in range 100052 divisible by 3210",
        "Done w/ nums in range 508000 divisible by 34113",
        "[0, 34113, 68226, 102339, 136452, 170565, 204678, 238791, 272904, 307017, 341130, 375243,"
            + " 409356, 443469, 477582]");
  }

  @Test
  void neverAwaitedTasksNeverFinishAndDebugModeReportsEachWithItsCreationLine() {
    Runs.Ran ran = Runs.virtual(new NeverAwaited());
    List<String> lines = ran.lines();
    assertThat(lines).noneMatch(l -> l.startsWith("Done w/"));
    assertThat(lines).filteredOn(l -> l.contains("Task was destroyed but it is pending")).hasSize(3);
    List<String> where = lines.stream()
        .filter(l -> l.contains("at dev.jasyncio.examples.NeverAwaited.run")).toList();
    assertThat(where).hasSize(3).isSorted(); // in the order they were created, each its own line
    assertThat(where).doesNotHaveDuplicates();
  }
}
