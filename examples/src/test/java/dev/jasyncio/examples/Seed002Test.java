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

  @Test
  void asyncqEveryItemPutIsGotOnceAndMainEndsWhenTheQueueIsJoined() {
    Runs.Ran ran = Runs.virtual(new AsyncQueue().withArgs(List.of("-p", "2", "-c", "5")));
    List<String> lines = ran.lines();
    List<String> added = lines.stream().filter(l -> l.contains(" added <"))
        .map(l -> l.substring(l.indexOf('<') + 1, l.indexOf('>'))).toList();
    List<String> got = lines.stream().filter(l -> l.contains(" got element <"))
        .map(l -> l.substring(l.indexOf('<') + 1, l.indexOf('>'))).toList();
    assertThat(added).isNotEmpty().doesNotHaveDuplicates();
    assertThat(got).containsExactlyInAnyOrderElementsOf(added);
    // main finishes right after the last item is marked done: the consumers are cancelled then
    int lastGot = lines.lastIndexOf(lines.stream().filter(l -> l.contains(" got element <"))
        .reduce((a, b) -> b).orElseThrow());
    assertThat(lines.subList(lastGot + 1, lines.size() - 1)).allMatch(l -> l.contains("sleeping for"));
    assertThat(lines).last().asString().startsWith("Program completed in ");
    assertThat(ran.seconds()).isPositive();
  }

  @Test
  void asyncqChecksItsOptions() {
    assertThatThrownBy(() -> new AsyncQueue().withArgs(List.of("-x", "1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'-x'");
    assertThatThrownBy(() -> new AsyncQueue().withArgs(List.of("-c", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-c (consumers)");
    assertThatThrownBy(() -> new AsyncQueue().withArgs(List.of("-p")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a number");
  }

  @Test
  void asyncGeneratorsYieldLazilyComprehensionsFilterAndBreakClosesTheStream() {
    Runs.Ran ran = Runs.virtual(new AsyncGenerators());
    assertThat(ran.lines()).containsExactly(
        "g = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]",
        "f = [1, 2, 16, 32, 256, 512]",
        "async for got 1", "async for got 2", "async for got 4", "async for got 8",
        "break at 16: closing the stream cancels the generator");
    // each full pass takes 10 x 0.1 s; the early break after four pauses
    assertThat(ran.seconds()).isCloseTo(2.4, org.assertj.core.api.Assertions.within(1e-6));
  }

  @Test
  void aSemaphoreLetsFourJobsWorkAtOnceInThreeRounds() {
    Runs.Ran ran = Runs.virtual(new LimitConcurrency());
    List<String> lines = ran.lines();
    assertThat(lines).filteredOn(l -> l.endsWith("at 0.0 s")).hasSize(4);
    assertThat(lines).filteredOn(l -> l.endsWith("at 0.5 s")).hasSize(4);
    assertThat(lines).filteredOn(l -> l.endsWith("at 1.0 s")).hasSize(2);
    assertThat(lines.subList(0, 10)).extracting(l -> l.split(" ")[1])
        .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    assertThat(lines).last().isEqualTo("at most 4 jobs worked at once");
    assertThat(ran.seconds()).isEqualTo(1.5);
  }

  @Test
  void gatherReturnsInOrderAfterTheLongestAsCompletedHandsBackFastestFirst() {
    Runs.Ran ran = Runs.virtual(new GatherAsCompleted());
    assertThat(ran.lines()).containsExactly(
        "t: dev.jasyncio.Task, done: true at 3 s",
        "Start: 0 s",
        "End: 10 s",
        "Both tasks done: true",
        "[[1, 2, 3], [0, 5, 10]]",
        "Start: 0 s",
        "res: [1, 2, 3] completed at 3 s",
        "res: [0, 5, 10] completed at 10 s",
        "End: 10 s",
        "Both tasks done: true");
    assertThat(ran.seconds()).isEqualTo(23.0);
  }
}
