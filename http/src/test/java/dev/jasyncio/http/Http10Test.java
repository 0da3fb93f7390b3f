package dev.jasyncio.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.testkit.AsyncTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/1.0 peers that end each response by closing the connection, without saying
 * {@code Connection: close}: Python's {@code http.server}, and a bare one with no length at all.
 * A connection the peer closed is never reused for the next request.
 */
class Http10Test {
  @AsyncTest(realTimeout = "120s")
  void pythonsHttpServerAnswers200RequestsInARow(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("page.txt"), "from python\n");
    Process python = new ProcessBuilder("python3", "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
        "--directory", dir.toString()).redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
      String banner = out.readLine(); // "Serving HTTP on 127.0.0.1 port 41234 (...) ..."
      Matcher m = Pattern.compile("port (\\d+)").matcher(String.valueOf(banner));
      assertThat(m.find()).as("python's banner: " + banner).isTrue();
      Thread.ofPlatform().daemon().start(() -> out.lines().forEach(line -> { })); // drain its log
      String url = "http://127.0.0.1:" + m.group(1) + "/page.txt";
      try (HttpSession s = HttpSession.builder().retry(RetryPolicy.none()).build()) {
        for (int i = 0; i < 200; i++) {
          try (HttpResponse r = s.get(url)) {
            assertThat(r.protocol()).isEqualTo("http/1.0");
            assertThat(r.text()).isEqualTo("from python\n");
          }
        }
      }
    } finally {
      python.destroy();
      python.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @AsyncTest
  void aBodyWithoutALengthEndsWhereThePeerCloses() throws Exception {
    try (RawServer old = new RawServer(socket -> {
      OutputStream out = RawServer.answer(socket, "HTTP/1.0 200 OK", "Content-Type: text/plain");
      out.write("until the end".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }); HttpSession s = HttpSession.builder().retry(RetryPolicy.none()).build()) {
      for (int i = 0; i < 200; i++) {
        try (HttpResponse r = s.get(old.url("/"))) {
          assertThat(r.contentLength()).isEqualTo(-1);
          assertThat(r.text()).isEqualTo("until the end");
        }
      }
      assertThat(old.connections.get()).isEqualTo(200);
    }
  }
}
