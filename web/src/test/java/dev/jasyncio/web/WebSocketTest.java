package dev.jasyncio.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.web.demo.WebDemo;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** WebSocket both ways: Python's websockets against our server, our client against Python's server. */
class WebSocketTest {
  @Test
  void pythonClientAgainstTheEchoRoute() {
    Peers.requirePython("websockets", "python3-websockets");
    try (Served s = Served.start(WebDemo.app().maxMessageSize(64 * 1024))) {
      var r = Peers.python("ws_client.py", s.ws("/ws/echo").toString(), "100000").ok();
      assertThat(r.out()).contains("\"text\": \"hello\"").contains("\"binary\": [0, 1, 2]")
          .contains("\"pong\": true").contains("\"ordered\": true").contains("\"normal_close\": 1000")
          .contains("\"too_big\": 1009");
      Served.eventually(Duration.ofSeconds(30), "connections' tasks ended", () -> s.liveTasks() == 0);
    }
  }

  @Test
  void ourClientAgainstPythonsServer() throws Exception {
    Peers.requirePython("websockets", "python3-websockets");
    Process py = new ProcessBuilder(Peers.PYTHON, "-c", script("ws_server.py")).redirectErrorStream(false).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
      int port = Integer.parseInt(out.readLine().trim());
      Async.run(() -> {
        try (WebSocketClient client = new WebSocketClient()) {
          WebSocket ws = client.connect(URI.create("ws://127.0.0.1:" + port + "/"));
          ws.send("hello");
          assertThat(ws.receiveText()).isEqualTo("hello");
          ws.send(new byte[] {9, 8, 7});
          assertThat(ws.receive().data()).containsExactly(9, 8, 7);
          ws.send("ping-me"); // Python pings us and waits for our pong before answering
          assertThat(ws.receiveText()).isEqualTo("pinged");
          Async.timeout(Duration.ofSeconds(10), () -> ws.ping("hi".getBytes(StandardCharsets.UTF_8)));
          ws.send("close-me");
          assertThatThrownBy(ws::receive).isInstanceOfSatisfying(WebSocketClosedException.class, e -> {
            assertThat(e.code()).isEqualTo(4001);
            assertThat(e.reason()).isEqualTo("bye");
          });
          assertThat(ws.closeCode()).isEqualTo(4001);
          assertThatThrownBy(() -> ws.send("after close")).isInstanceOf(WebSocketClosedException.class);
        }
      });
    } finally {
      py.getOutputStream().close();
      if (!py.waitFor(10, TimeUnit.SECONDS)) {
        py.destroyForcibly().waitFor();
      }
    }
  }

  private static String script(String name) throws Exception {
    try (var in = WebSocketTest.class.getResourceAsStream("/python/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void chatReachesEveryClientAndShutdownClosesWith1001() {
    try (Served s = Served.start(WebDemo.app())) {
      Async.run(() -> {
        try (WebSocketClient client = new WebSocketClient()) {
          List<WebSocket> people = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            people.add(client.connect(s.ws("/ws/chat")));
          }
          Served.eventually(Duration.ofSeconds(30), "three in the room", () -> s.onLoop(s.server::openWebSockets) == 3);
          for (int i = 0; i < 3; i++) {
            people.get(i).send("hi from " + i);
            for (WebSocket p : people) {
              assertThat(p.receiveText()).isEqualTo("hi from " + i);
            }
          }
          Async.toThread(s::close);
          for (WebSocket p : people) {
            assertThatThrownBy(p::receive).isInstanceOfSatisfying(WebSocketClosedException.class,
                e -> assertThat(e.code()).isEqualTo(1001));
          }
        }
      });
    }
  }

  @Test
  void sendingToAPeerThatDoesNotReadSuspendsTheSender() {
    int total = 100;
    byte[] chunk = new byte[256 * 1024];
    AtomicInteger sent = new AtomicInteger();
    WebApp app = new WebApp().websocket("/flood", ws -> {
      for (int i = 0; i < total; i++) {
        ws.send(chunk);
        sent.incrementAndGet();
      }
      ws.receive(); // wait for the client's close
    });
    try (Served s = Served.start(app)) {
      Async.run(() -> {
        try (WebSocketClient client = new WebSocketClient()) {
          WebSocket ws = client.connect(s.ws("/flood"));
          // Not reading: the sender must stall once the socket buffers are full.
          int last = -1;
          while (sent.get() != last) {
            last = sent.get();
            Async.sleep(Duration.ofMillis(300));
          }
          assertThat(sent.get()).as("messages written before the sender stalled").isLessThan(total);
          for (int i = 0; i < total; i++) {
            assertThat(ws.receive().data()).hasSize(chunk.length);
          }
          assertThat(sent.get()).isEqualTo(total);
          ws.close();
        }
      });
    }
  }

  @Test
  void handlerFailureClosesWith1011AndItsId() {
    WebApp app = new WebApp().websocket("/bad", ws -> {
      ws.receive();
      throw new IllegalStateException("websocket secret");
    });
    try (Served s = Served.start(app)) {
      Async.run(() -> {
        try (WebSocketClient client = new WebSocketClient()) {
          WebSocket ws = client.connect(s.ws("/bad"));
          ws.send("go");
          assertThatThrownBy(ws::receive).isInstanceOfSatisfying(WebSocketClosedException.class, e -> {
            assertThat(e.code()).isEqualTo(1011);
            assertThat(e.reason()).startsWith("server error; id ").doesNotContain("secret");
          });
        }
      });
    }
  }

  @Test
  void refusedUpgradeIsAClearError() {
    try (Served s = Served.start(new WebApp().get("/", r -> WebResponse.text("plain")))) {
      Async.run(() -> {
        try (WebSocketClient client = new WebSocketClient()) {
          assertThatThrownBy(() -> client.connect(s.ws("/")))
              .isInstanceOf(WebSocketClosedException.class).hasMessageContaining("cannot connect to ws://");
          assertThatThrownBy(() -> client.connect(URI.create("http://127.0.0.1/")))
              .isInstanceOf(IllegalArgumentException.class);
        }
      });
    }
  }
}
