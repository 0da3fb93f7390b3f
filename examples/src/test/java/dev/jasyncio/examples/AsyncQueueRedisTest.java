package dev.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.redis.RedisServer;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seed 002's asyncq with {@code --redis}: producers here, consumers in two other processes, a real
 * redis-server between them, and the in-process lesson's output contract. Time is real (three
 * processes share it), scaled down a hundredfold.
 */
class AsyncQueueRedisTest {
  @RegisterExtension
  static final RedisServer redis = new RedisServer();

  @Test
  void everyItemPutInThisProcessIsGotOnceByConsumersInTwoOthers() {
    Runs.Ran ran = Runs.real(new AsyncQueue().withArgs(
        List.of("-p", "2", "-c", "5", "--redis", redis.url(), "--time-scale", "0.01")));
    List<String> lines = ran.lines();
    List<String> added = between(lines, " added <");
    List<String> got = between(lines, " got element <");
    assertThat(added).isNotEmpty().doesNotHaveDuplicates();
    assertThat(got).containsExactlyInAnyOrderElementsOf(added);
    assertThat(lines).filteredOn(l -> l.startsWith("Producer ")).isNotEmpty();
    // consumers 0-2 live in one process and 3-4 in the other; each one at least slept
    for (int c = 0; c < 5; c++) {
      assertThat(lines).as("consumer %d ran", c).anyMatch(l -> l.startsWith("Consumer ") && l.contains(" sleeping for"));
    }
    Pattern waited = Pattern.compile("Consumer \\d got element <[0-9a-f]{10}> in (-?[0-9.]+) seconds\\.");
    for (String l : lines) {
      Matcher m = waited.matcher(l);
      if (m.matches()) {
        assertThat(Double.parseDouble(m.group(1))).as(l).isGreaterThan(-1.0); // clocks agree roughly
      }
    }
    assertThat(lines).last().asString().startsWith("Program completed in ");
  }

  @Test
  void aBadRedisUrlIsNamedBeforeAnythingStarts() {
    assertThatThrownBy(() -> new AsyncQueue().withArgs(List.of("--redis", "localhost:6379")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://HOST:PORT");
    assertThatThrownBy(() -> new AsyncQueue().withArgs(List.of("--redis")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a URL");
  }

  private static List<String> between(List<String> lines, String marker) {
    return lines.stream().filter(l -> l.contains(marker))
        .map(l -> l.substring(l.indexOf('<') + 1, l.indexOf('>'))).toList();
  }
}
