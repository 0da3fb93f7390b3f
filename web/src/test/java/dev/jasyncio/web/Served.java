package dev.jasyncio.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.ExceptionContext;
import dev.jasyncio.Loop;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A {@link WebApp} served on its own loop in a thread of its own, so a test can drive it with
 * real clients (curl, Python, raw sockets) from outside. Closing it shuts the server down
 * gracefully and checks that no task was left behind.
 */
final class Served implements AutoCloseable {
  final Loop loop;
  final WebServer server;
  final List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Thread thread;

  static Served start(WebApp app) {
    return start(app, b -> {});
  }

  static Served start(WebApp app, Consumer<Loop.Builder> configure) {
    return new Served(app, configure);
  }

  private Served(WebApp app, Consumer<Loop.Builder> configure) {
    Loop.Builder b = Loop.builder().exceptionHandler((l, ctx) -> reports.add(ctx));
    configure.accept(b);
    loop = b.build();
    CompletableFuture<WebServer> started = new CompletableFuture<>();
    thread = Thread.ofPlatform().name("served-loop").daemon().start(() -> {
      try {
        loop.runUntilComplete(() -> {
          WebServer s;
          try {
            s = app.start("127.0.0.1", 0);
          } catch (Throwable t) {
            started.completeExceptionally(t);
            throw t;
          }
          started.complete(s);
          s.awaitShutdown();
          return null;
        });
        done.complete(null);
      } catch (Throwable t) {
        done.completeExceptionally(t);
      } finally {
        loop.close();
      }
    });
    server = started.orTimeout(30, TimeUnit.SECONDS).join();
  }

  URI uri(String path) {
    return server.uri().resolve(path);
  }

  String url(String path) {
    return uri(path).toString();
  }

  URI ws(String path) {
    return URI.create("ws://127.0.0.1:" + server.port() + path);
  }

  /** Runs {@code body} on the server's loop (as a task) and returns its result. */
  <T> T onLoop(java.util.concurrent.Callable<T> body) {
    return loop.submit(body).orTimeout(60, TimeUnit.SECONDS).join();
  }

  /** The server's tasks besides its main one (requests, WebSockets, what they started). */
  int liveTasks() {
    return onLoop(() -> loop.allTasks().size() - 2); // minus main and this probe
  }

  /** Polls {@code condition} until it holds, failing after {@code timeout} (a safety net only). */
  static void eventually(Duration timeout, String what, java.util.function.BooleanSupplier condition) {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("still not true after " + timeout + ": " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    if (done.isDone()) {
      return;
    }
    onLoop(() -> {
      server.close();
      return null;
    });
    done.orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(reports).as("loop reports").noneMatch(r -> r.message().contains("never retrieved"));
  }
}
