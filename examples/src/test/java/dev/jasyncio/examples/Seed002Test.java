package dev.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 002's lessons: chess, countsync/countasync, chained, queue, generators, gather, semaphore. */
class Seed002Test {

  @Test
  void chessTakesTwelveHoursOneBoardAtATimeAndOneHourMovingBetweenBoards() {
    Runs.Ran ran = Runs.virtual(new Chess());
    assertThat(ran.lines()).contains("synchronous: 43200 s = 12.0 hours");
    // Judit's 30 rounds of 24 five-second moves, then the last opponent's last move
    assertThat(ran.lines()).contains("asynchronous: 3655 s = 1.0 hours");
    assertThat(ran.seconds()).isEqualTo(43200 + 3655);
  }

  @Test
  void countsyncTakesThreeSecondsOneCountAfterAnother() {
    Runs.Ran ran = Runs.virtual(new CountSync());
    assertThat(ran.lines()).containsExactly("One", "Two", "One", "Two", "One", "Two");
    assertThat(ran.seconds()).isEqualTo(3.0);
  }

  @Test
  void countasyncTakesOneSecondAllOnesBeforeAllTwos() {
    Runs.Ran ran = Runs.virtual(new CountAsync());
    assertThat(ran.lines()).containsExactly("One", "One", "One", "Two", "Two", "Two");
    assertThat(ran.seconds()).isEqualTo(1.0);
  }

  @Test
  void chainedPart2FollowsItsOwnPart1AndTheProgramTakesTheLongestChain() {
    Runs.Ran ran = Runs.virtual(new Chained());
    List<String> lines = ran.lines();
    // seeded: the same run every time
    assertThat(lines).startsWith(
        "part1(9) sleeping for 8 seconds.",
        "part1(6) sleeping for 8 seconds.",
        "part1(3) sleeping for 10 seconds.");
    for (int n : new int[] {9, 6, 3}) {
      int returned = lines.indexOf("Returning part1(" + n + ") == result" + n + "-1.");
      assertThat(lines.get(returned + 1)).startsWith("part2(" + n + ", 'result" + n + "-1') sleeping");
    }
    assertThat(lines).contains(
        "-->Chained result9 => result9-2 derived from result9-1 (took 13.00 seconds).",
        "-->Chained result6 => result6-2 derived from result6-1 (took 14.00 seconds).",
        "-->Chained result3 => result3-2 derived from result3-1 (took 20.00 seconds).");
    assertThat(lines).last().isEqualTo("Program finished in 20.00 seconds.");
    assertThat(ran.seconds()).isEqualTo(20.0);
  }

  @Test
  void chainedTakesItsNumbersFromTheCommandLine() {
    Runs.Ran ran = Runs.virtual(new Chained().withArgs(List.of("1", "2")));
    assertThat(ran.lines()).first().asString().startsWith("part1(1)");
    assertThatThrownBy(() -> new Chained().withArgs(List.of("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'");
  }
}
