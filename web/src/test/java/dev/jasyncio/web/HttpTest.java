package dev.jasyncio.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.Async;
import dev.jasyncio.AsyncStream;
import dev.jasyncio.Semaphore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP side, through curl (HTTP/1.1 and HTTP/2 with prior knowledge). */
class HttpTest {
  @TempDir static Path files;
  static Served served;
  static final List<String> order = new ArrayList<>();
  static final List<LogRecord> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
  static final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord r) {
      logged.add(r);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeAll
  static void start() throws Exception {
    Peers.requireCurl();
    Logger.getLogger("dev.jasyncio.web").addHandler(capture);
    Files.writeString(files.resolve("hello.txt"), "static hello\n");
    Files.createDirectories(files.resolve("css"));
    Files.writeString(files.resolve("css/site.css"), "body { color: red }\n");
    Semaphore one = new Semaphore(1);
    WebApp app = new WebApp()
        .use((request, next) -> {
          order.add("outer in " + request.path());
          WebResponse r = next.handle(request);
          order.add("outer out " + r.status());
          return r.header("X-Outer", "yes");
        })
        .use(Middleware.timing())
        .get("/", request -> WebResponse.text("hello " + request.protocol()))
        .get("/users/{id}", request -> WebResponse.json("{\"id\": \"" + request.pathParam("id") + "\"}"))
        .get("/users/{id}/posts/{post}", request ->
            WebResponse.text(request.pathParam("id") + "/" + request.pathParam("post") + "?" + request.query("sort")))
        .post("/echo", request -> WebResponse.bytes(request.body(), "application/octet-stream").status(201))
        .get("/sleepy", request -> {
          Async.sleep(Duration.ofMillis(request.queryInt("ms", 10)));
          return one.withPermit(() -> WebResponse.text("slept"));
        })
        .get("/stream", request -> WebResponse.stream(AsyncStream.<String>generate(out -> {
          for (int i = 0; i < 5; i++) {
            out.emit("item " + i + "\n");
            Async.sleep(Duration.ofMillis(5));
          }
        }), "text/plain"))
        .get("/boom", request -> {
          throw new IllegalStateException("secret detail 12345");
        })
        .get("/upstream", request -> Async.timeout(Duration.ofMillis(20), () -> {
          Async.sleep(Duration.ofSeconds(30));
          return WebResponse.text("never");
        }))
        .get("/forever", request -> {
          Async.sleep(Duration.ofMinutes(5));
          return WebResponse.text("never");
        })
        .get("/teapot", request -> {
          throw new HttpException(418, "short and stout");
        })
        .staticFiles("/static", files)
        .maxBodySize(1024)
        .requestTimeout(Duration.ofMillis(300));
    served = Served.start(app);
  }

  @AfterAll
  static void stop() {
    Logger.getLogger("dev.jasyncio.web").removeHandler(capture);
    if (served != null) {
      assertThat(served.liveTasks()).as("tasks left behind").isZero();
      served.close();
    }
  }

  @Test
  void http11AndHttp2() {
    var h1 = Peers.curl("-i", served.url("/")).ok();
    assertThat(h1.out()).startsWith("HTTP/1.1 200").contains("hello HTTP/1.1").containsIgnoringCase("X-Request-Id: ");
    var h2 = Peers.curl("-i", "--http2-prior-knowledge", served.url("/")).ok();
    assertThat(h2.out()).startsWith("HTTP/2 200").contains("hello HTTP/2.0");
  }

  @Test
  void pathAndQueryParameters() {
    assertThat(Peers.curl(served.url("/users/42")).ok().out()).isEqualTo("{\"id\": \"42\"}");
    assertThat(Peers.curl(served.url("/users/a%20b/posts/7?sort=new")).ok().out()).isEqualTo("a b/7?new");
  }

  @Test
  void notFoundAndWrongMethod() {
    assertThat(Peers.curl("-i", served.url("/nope")).ok().out()).startsWith("HTTP/1.1 404");
    var r = Peers.curl("-i", "-X", "DELETE", served.url("/users/1")).ok().out();
    assertThat(r).startsWith("HTTP/1.1 405").containsIgnoringCase("Allow: GET");
  }

  @Test
  void headAnswersLikeGetWithoutBody() {
    var r = Peers.curl("-I", served.url("/")).ok().out();
    assertThat(r).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Length: 14").doesNotContain("hello");
  }

  @Test
  void bodyIsReadAndEchoed() throws Exception {
    Path body = files.resolve("body.bin");
    Files.write(body, new byte[1000]);
    var r = Peers.curl("-i", "--data-binary", "@" + body, served.url("/echo")).ok().out();
    assertThat(r).startsWith("HTTP/1.1 201").containsIgnoringCase("Content-Length: 1000");
  }

  @Test
  void oversizedBodyIs413BothDeclaredAndChunked() throws Exception {
    Path big = files.resolve("big.bin");
    Files.write(big, new byte[64 * 1024]);
    var declared = Peers.curl("-i", "--data-binary", "@" + big, served.url("/echo")).ok().out();
    assertThat(declared).startsWith("HTTP/1.1 413").contains("larger than 1024 bytes");
    var chunked = Peers.curl("-i", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + big,
        served.url("/echo")).ok().out();
    assertThat(chunked).startsWith("HTTP/1.1 413");
    assertThat(Peers.curl(served.url("/")).ok().out()).startsWith("hello"); // still serving
  }

  @Test
  void middlewareWrapsInOrderAndSeesErrorStatus() {
    order.clear();
    var r = Peers.curl("-i", served.url("/teapot")).ok().out();
    assertThat(r).startsWith("HTTP/1.1 418").contains("short and stout").containsIgnoringCase("X-Outer: yes")
        .containsIgnoringCase("Server-Timing: app;dur=");
    assertThat(order).containsExactly("outer in /teapot", "outer out 418");
  }

  @Test
  void handlerThatThrowsIs500WithRequestIdAndNoStack() {
    logged.clear();
    var r = Peers.curl("-i", served.url("/boom")).ok().out();
    assertThat(r).startsWith("HTTP/1.1 500").doesNotContain("secret detail").doesNotContain("IllegalStateException")
        .doesNotContain("at dev.jasyncio");
    String id = r.lines().filter(l -> l.toLowerCase().startsWith("x-request-id:")).findFirst().orElseThrow()
        .substring("x-request-id:".length()).trim();
    assertThat(r).contains("request id: " + id);
    assertThat(logged).anySatisfy(rec -> {
      assertThat(rec.getMessage()).contains(id);
      assertThat(rec.getThrown()).hasMessage("secret detail 12345");
    });
  }

  @Test
  void requestTimeoutIs503AndCancelsTheHandler() {
    var r = Peers.curl("-i", served.url("/forever")).ok().out();
    assertThat(r).startsWith("HTTP/1.1 503").contains("request timed out after 300 ms");
  }

  @Test
  void handlersOwnTimeoutIs504() {
    assertThat(Peers.curl("-i", served.url("/upstream")).ok().out()).startsWith("HTTP/1.1 504");
  }

  @Test
  void streamingResponseIsChunked() {
    var r = Peers.curl("-i", "--raw", served.url("/stream")).ok().out();
    assertThat(r).startsWith("HTTP/1.1 200").containsIgnoringCase("Transfer-Encoding: chunked");
    var plain = Peers.curl(served.url("/stream")).ok().out();
    assertThat(plain).isEqualTo("item 0\nitem 1\nitem 2\nitem 3\nitem 4\n");
    var h2 = Peers.curl("--http2-prior-knowledge", served.url("/stream")).ok().out();
    assertThat(h2).isEqualTo(plain);
  }

  @Test
  void staticFilesWithMediaTypeAndNoEscape() {
    var r = Peers.curl("-i", served.url("/static/css/site.css")).ok().out();
    assertThat(r).startsWith("HTTP/1.1 200").containsIgnoringCase("Content-Type: text/css").endsWith("body { color: red }\n");
    assertThat(Peers.curl(served.url("/static/hello.txt")).ok().out()).isEqualTo("static hello\n");
    assertThat(Peers.curl("-i", served.url("/static/missing.txt")).ok().out()).startsWith("HTTP/1.1 404");
    assertThat(Peers.curl("-i", served.url("/static/css")).ok().out()).startsWith("HTTP/1.1 404");
    var escape = Peers.curl("-i", "--path-as-is", served.url("/static/../../etc/passwd")).ok().out();
    assertThat(escape).matches("(?s)HTTP/1.1 (400|404).*").doesNotContain("root:");
    var encoded = Peers.curl("-i", "--path-as-is", served.url("/static/%2e%2e/%2e%2e/etc/passwd")).ok().out();
    assertThat(encoded).matches("(?s)HTTP/1.1 (400|404).*").doesNotContain("root:");
  }

  @Test
  void manyConcurrentRequestsShareOneLoop() {
    // 50 sleeps overlap on one loop; 100 ms leaves 200 ms of the app's 300 ms request timeout for a
    // loaded machine (200 ms left 100, and 503s at load average 13 and above)
    var r = Peers.curl("--parallel", "--parallel-max", "50", "-w", "%{http_code}\n", "-o", "/dev/null",
        served.url("/sleepy?ms=100&[1-50]")).ok().out();
    assertThat(r.lines().filter(l -> l.endsWith("200")).count()).isEqualTo(50);
  }
}
