package dev.jasyncio.examples;

import com.sun.net.httpserver.HttpServer;
import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import dev.jasyncio.http.HttpSession;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Seeds 001 and 003: fetching web pages one after another, then concurrently, with one
 * {@link HttpSession} (aiohttp's {@code ClientSession}).
 */
public final class DownloadPages implements Example {
  /** A page of the local server: its path, how long the server takes, its size. */
  record Page(String path, int millis, int size) {}

  /** The seed's sites, served by a loopback server (there is no outside network here). */
  static final List<Page> PAGES = List.of(
      new Page("/www.facebook.com", 300, 65924), new Page("/www.twitter.com", 100, 19085),
      new Page("/www.stackoverflow.com", 200, 25907), new Page("/www.google.com", 400, 11278));

  @Override
  public String name() {
    return "download";
  }

  @Override
  public String title() {
    return "seeds 001 and 003: fetching web pages, one by one and with tasks";
  }

  @Override
  public String lesson() {
    return "An HttpSession (aiohttp's ClientSession) waits for the network without holding the loop:"
        + " session.get suspends only the calling task. Fetched one after another, the server sees"
        + " one request at a time; started as tasks sharing the session, all four are in flight at"
        + " once and each prints as it arrives, fastest first. (The sites are served by a server"
        + " on 127.0.0.1 inside the example.)";
  }

  /** Seed 003's {@code download_url}: {@code async with session.get(url) as resp: await resp.read()}. */
  static String download(PrintStream out, HttpSession session, URI base, Page page) {
    String text = session.get(base.resolve(page.path())).raiseForStatus().text();
    out.println("Downloaded " + page.path().substring(1) + ", size " + text.length());
    return text;
  }

  @Override
  public void run(PrintStream out) throws IOException {
    try (LoopbackSite site = new LoopbackSite(PAGES); HttpSession session = HttpSession.create()) {
      out.println("-- one after another (requests.get in turn)");
      for (Page page : PAGES.subList(0, 2)) {
        download(out, session, site.base(), page);
      }
      out.println("at most " + site.mostInFlight() + " request in flight");

      site.resetMostInFlight();
      out.println("-- as tasks (aiohttp with gather)");
      List<Task<String>> tasks = new ArrayList<>();
      for (Page page : PAGES) {
        tasks.add(Async.createTask(() -> download(out, session, site.base(), page)));
      }
      Async.gather(tasks);
      out.println("at most " + site.mostInFlight() + " requests in flight");
    }
  }

  /** An HTTP server on the loopback interface that serves {@link Page}s slowly. */
  static final class LoopbackSite implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();

    LoopbackSite(List<Page> pages) throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      for (Page page : pages) {
        server.createContext(page.path(), exchange -> {
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          try (exchange) {
            Thread.sleep(Duration.ofMillis(page.millis())); // the site takes its time
            byte[] body = "x".repeat(page.size()).getBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream os = exchange.getResponseBody()) {
              os.write(body);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            inFlight.decrementAndGet();
          }
        });
      }
      server.start();
    }

    URI base() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    int mostInFlight() {
      return mostInFlight.get();
    }

    void resetMostInFlight() {
      mostInFlight.set(0);
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
