package dev.jasyncio.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.ExceptionContext;
import dev.jasyncio.Loop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Building a session from a task never holds the loop: OkHttp's client and trust store load off it. */
class SessionBuildTest {
  @Test
  void theFirstSessionIsBuiltWithoutHoldingTheLoop() {
    // the classes are loaded first, as an import would (the JVM loads a class where it is first
    // used); what is measured is the rest: OkHttp's client, its TLS setup, the trust store
    HttpSession.builder().build().close();
    BaseClient.forget(); // as if this were the first session of the JVM
    List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
    // the debug monitor reports any step that holds the loop longer than its threshold; the
    // threshold leaves room for a loaded machine
    try (Loop loop = Loop.builder().debug(true).slowCallbackDuration(Duration.ofMillis(50))
        .exceptionHandler((l, c) -> reports.add(c)).build()) {
      int open = loop.runUntilComplete(() -> {
        try (HttpSession s = HttpSession.builder().limitPerHost(4).build();
            HttpSession again = HttpSession.create()) {
          return s.inFlight() + again.connectionCount();
        }
      });
      assertThat(open).isZero();
    }
    assertThat(reports).noneMatch(r -> r.message().contains("held the loop"));
    assertThat(BaseClient.isReady()).isTrue();
  }
}
