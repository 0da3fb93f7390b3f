package dev.jasyncio.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Route patterns and matching, and the clear errors for a misconfigured app. */
class RoutingTest {
  private static final Handler OK = r -> WebResponse.text("ok");

  private static Router router() {
    Router r = new Router();
    r.add("GET", "/", OK, null);
    r.add("GET", "/users/{id}", OK, null);
    r.add("PUT", "/users/{id}", OK, null);
    r.add("GET", "/users/{id}/posts/{post}", OK, null);
    r.add("GET", "/files/{path...}", OK, null);
    return r;
  }

  @Test
  void literalParametersAndRestOfPath() {
    Router r = router();
    assertThat(r.find("GET", "/").route().pattern()).isEqualTo("/");
    assertThat(r.find("GET", "/users/42").params()).isEqualTo(Map.of("id", "42"));
    assertThat(r.find("GET", "/users/7/posts/x").params()).containsExactly(Map.entry("id", "7"), Map.entry("post", "x"));
    assertThat(r.find("GET", "/files/a/b/c.txt").params()).isEqualTo(Map.of("path", "a/b/c.txt"));
    assertThat(r.find("HEAD", "/users/1").route().method()).isEqualTo("GET");
  }

  @Test
  void noMatchAndWrongMethod() {
    Router r = router();
    assertThat(r.find("GET", "/users").route()).isNull();
    assertThat(r.find("GET", "/users/").route()).isNull(); // an empty segment is no id
    assertThat(r.find("GET", "/users/1/extra").route()).isNull();
    assertThat(r.find("GET", "/files").route()).isNull();
    Router.Match m = r.find("DELETE", "/users/1");
    assertThat(m.route()).isNull();
    assertThat(m.allowed()).isEqualTo(Set.of("GET", "PUT"));
  }

  @Test
  void malformedPatternsAreRefusedWithTheirName() {
    WebApp app = new WebApp();
    assertThatThrownBy(() -> app.get("users", OK)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("starts with '/'");
    assertThatThrownBy(() -> app.get("/users/{id", OK)).hasMessageContaining("unbalanced braces");
    assertThatThrownBy(() -> app.get("/a/{rest...}/b", OK)).hasMessageContaining("must come last");
    assertThatThrownBy(() -> app.get("/a/{}", OK)).hasMessageContaining("needs a name");
  }

  @Test
  void badSettingsAndStatusesAreRefused() {
    WebApp app = new WebApp();
    assertThatThrownBy(() -> app.maxBodySize(-1)).hasMessageContaining("maxBodySize");
    assertThatThrownBy(() -> app.requestTimeout(Duration.ZERO)).hasMessageContaining("requestTimeout must be positive");
    assertThatThrownBy(() -> app.maxMessageSize(0)).hasMessageContaining("maxMessageSize");
    assertThatThrownBy(() -> new HttpException(200, "fine")).hasMessageContaining("400-599");
    assertThatThrownBy(() -> WebResponse.text("x").status(700)).hasMessageContaining("100-599");
    assertThatThrownBy(() -> WebMessageCheck.binaryAndText()).isInstanceOf(IllegalArgumentException.class);
  }

  /** A record constructor misuse, kept apart so the lambda above stays readable. */
  private static final class WebMessageCheck {
    static WebSocketMessage binaryAndText() {
      return new WebSocketMessage("a", new byte[1]);
    }
  }

  @Test
  void aTakenPortIsAClearErrorAndLeavesNothingRunning() {
    try (Served first = Served.start(new WebApp().get("/", OK))) {
      int port = first.server.port();
      long before = jettyThreads();
      Async.run(() -> {
        for (int i = 0; i < 3; i++) {
          assertThatThrownBy(() -> new WebApp().get("/", OK).start("127.0.0.1", port))
              .isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot serve on 127.0.0.1:" + port);
        }
      });
      Served.eventually(Duration.ofSeconds(30), "the failed servers' threads are gone", () -> jettyThreads() <= before);
    }
  }

  private static long jettyThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("jasyncio-web-jetty")).count();
  }
}
