package dev.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Seed 003's slow upstream, on real sockets and the real clock. The lesson is asserted by counts
 * that do not depend on speed: the upstream stays silent until the loop's quick requests are all
 * answered (however long that takes), and on two threads none can be answered while it is silent.
 */
class SlowUpstreamTest {
  @Test
  void onTheLoopQuickRequestsAreAnsweredDuringTheOutageOnTwoThreadsTheyQueue() {
    Runs.Ran ran = Runs.real(new SlowUpstream(Duration.ofMillis(300)));
    List<String> lines = ran.lines();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).isEqualTo("-- jasyncio WebApp: every request is a task on one loop");
    assertThat(lines.get(1)).startsWith("100 of 100 quick requests answered during the outage, in ");
    assertThat(lines.get(2)).isEqualTo("the upstream answered; logins done, and all 100 quick requests long since");
    assertThat(lines.get(3)).isEqualTo("-- the same routes on a fixed pool of 2 threads");
    assertThat(lines.get(4)).startsWith("0 of 100 quick requests answered during the 0 s outage: they queue behind the logins");
    assertThat(lines.get(5)).startsWith("the upstream answered; logins done, and all 100 quick requests only now, ");
  }
}
