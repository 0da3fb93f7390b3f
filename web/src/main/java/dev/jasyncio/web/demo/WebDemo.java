package dev.jasyncio.web.demo;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.web.Middleware;
import dev.jasyncio.web.WebApp;
import dev.jasyncio.web.WebResponse;
import dev.jasyncio.web.WebServer;
import dev.jasyncio.web.WebSocket;
import dev.jasyncio.web.WebSocketClosedException;
import dev.jasyncio.web.WebSocketMessage;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ./jasyncio web-demo [--port P]}: a small app on loopback that the tests and a user can
 * try: {@code /} a page, {@code /slow?ms=N} a handler that awaits N ms, {@code /ws/echo} a
 * WebSocket echo, {@code /ws/chat} a chat room (seed 002's group chat: every message goes to every
 * connected client). Ctrl-C shuts it down gracefully.
 */
public final class WebDemo {
  private WebDemo() {}

  /**
   * The demo's app: every route above.
   *
   * @return the app, not started
   */
  public static WebApp app() {
    Set<WebSocket> room = new LinkedHashSet<>(); // loop-only: every handler runs on one loop
    return new WebApp()
        .use(Middleware.accessLog())
        .get("/", request -> WebResponse.html(PAGE))
        .get("/slow", request -> {
          int ms = request.queryInt("ms", 1000);
          if (ms < 0 || ms > 600_000) {
            throw new dev.jasyncio.web.HttpException(400, "ms must be 0-600000, not " + ms);
          }
          Async.sleep(Duration.ofMillis(ms));
          return WebResponse.text("slept " + ms + " ms\n");
        })
        .websocket("/ws/echo", ws -> {
          for (WebSocketMessage m : ws) {
            ws.send(m);
          }
        })
        .websocket("/ws/chat", ws -> {
          room.add(ws);
          try {
            for (WebSocketMessage m : ws) {
              for (WebSocket peer : List.copyOf(room)) {
                try {
                  peer.send(m.asText());
                } catch (WebSocketClosedException gone) {
                  room.remove(peer);
                }
              }
            }
          } finally {
            room.remove(ws);
          }
        });
  }

  /**
   * Serves the demo until Ctrl-C.
   *
   * @param args {@code [--port P]} (8080 by default; 0 picks a free port)
   */
  public static void main(String[] args) {
    int port = 8080;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        port = parsePort(args[++i]);
      } else if (args[i].startsWith("--port=")) {
        port = parsePort(args[i].substring(7));
      } else {
        System.err.println("usage: web-demo [--port P]");
        System.exit(2);
      }
    }
    int p = port;
    try {
      Async.run(() -> {
        try (WebServer server = app().start("127.0.0.1", p)) {
          System.out.println("web-demo: serving on " + server.uri() + "  (/, /slow?ms=N, /ws/echo, /ws/chat; Ctrl-C stops)");
          System.out.flush();
          server.awaitShutdown();
        }
      });
    } catch (CancelledException stopped) {
      // Ctrl-C: the server shut down gracefully on the way out
      System.out.println("web-demo: stopped");
      System.exit(130);
    }
  }

  private static int parsePort(String s) {
    try {
      int p = Integer.parseInt(s);
      if (p >= 0 && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    System.err.println("web-demo: --port needs a number 0-65535, not '" + s + "'");
    System.exit(2);
    return -1;
  }

  private static final String PAGE = """
      <!doctype html>
      <html><head><meta charset="utf-8"><title>jasyncio web-demo</title></head>
      <body>
      <h1>jasyncio web-demo</h1>
      <p>Every request here is a task on one jasyncio loop.</p>
      <ul>
        <li><a href="/slow?ms=2000">/slow?ms=2000</a>: a handler that awaits 2 s (others keep being served)</li>
        <li><code>/ws/echo</code>: WebSocket echo</li>
        <li><code>/ws/chat</code>: a chat room, below</li>
      </ul>
      <input id="msg" placeholder="say something"> <button onclick="send()">send</button>
      <pre id="log"></pre>
      <script>
        const ws = new WebSocket(`ws://${location.host}/ws/chat`);
        const log = document.getElementById('log');
        ws.onmessage = e => { log.textContent += e.data + "\\n"; };
        function send() { const m = document.getElementById('msg'); ws.send(m.value); m.value = ''; }
      </script>
      </body></html>
      """;
}
