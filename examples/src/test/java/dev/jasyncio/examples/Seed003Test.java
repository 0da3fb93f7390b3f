package dev.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 003's lessons: hello1/hello2, downloads (with seed 001's pages), subprocesses. */
class Seed003Test {

  @Test
  void hello2PrintsFirstBecauseHello1Sleeps() {
    Runs.Ran ran = Runs.virtual(new Hello1Hello2());
    assertThat(ran.lines()).containsExactly("hi 2", "hi 1");
    assertThat(ran.seconds()).isEqualTo(0.5);
  }

  @Test
  void pagesFetchedAsTasksAreAllInFlightAtOnceAndArriveFastestFirst() {
    Runs.Ran ran = Runs.virtual(new DownloadPages());
    List<String> lines = ran.lines();
    assertThat(lines.subList(0, 5)).containsExactly(
        "-- one after another (requests.get in turn)",
        "Downloaded www.facebook.com, size 65924",
        "Downloaded www.twitter.com, size 19085",
        "at most 1 request in flight",
        "-- as tasks (aiohttp with gather)");
    List<String> concurrent = lines.subList(5, 9);
    assertThat(concurrent).containsExactlyInAnyOrder(
        "Downloaded www.twitter.com, size 19085",
        "Downloaded www.stackoverflow.com, size 25907",
        "Downloaded www.facebook.com, size 65924",
        "Downloaded www.google.com, size 11278");
    // the 100 ms page arrives well before the 400 ms one (nearer ones may swap on a busy machine)
    assertThat(concurrent.indexOf("Downloaded www.twitter.com, size 19085"))
        .isLessThan(concurrent.indexOf("Downloaded www.google.com, size 11278"));
    assertThat(lines.get(9)).isEqualTo("at most 4 requests in flight");
  }

  @Test
  void theQuickCommandIsDoneWhileTheSlowOneStillRuns() {
    Runs.Ran ran = Runs.virtual(new Subprocesses("2"));
    assertThat(ran.lines()).containsExactly(
        "Executing: sleep 2", "Executing: echo hello", "Done with echo hello: hello", "Done with sleep 2: ");
  }
}
