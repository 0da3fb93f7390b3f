package dev.jasyncio.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.web.demo.WebDemo;
import org.junit.jupiter.api.Test;

/** The demo's HTTP routes through curl (its WebSocket routes are in {@link WebSocketTest}). */
class WebDemoTest {
  @Test
  void pageAndSlowRoute() {
    Peers.requireCurl();
    try (Served s = Served.start(WebDemo.app())) {
      assertThat(Peers.curl(s.url("/")).ok().out()).contains("<h1>jasyncio web-demo</h1>").contains("/ws/chat");
      assertThat(Peers.curl(s.url("/slow?ms=50")).ok().out()).isEqualTo("slept 50 ms\n");
      assertThat(Peers.curl("-i", s.url("/slow?ms=soon")).ok().out()).startsWith("HTTP/1.1 400")
          .contains("query parameter 'ms' must be an integer, not 'soon'");
      assertThat(Peers.curl("-i", s.url("/slow?ms=-1")).ok().out()).startsWith("HTTP/1.1 400");
      assertThat(Peers.curl("-i", s.url("/ws/echo")).ok().out()).startsWith("HTTP/1.1 400")
          .contains("expected a WebSocket upgrade");
    }
  }
}
