package dev.jasyncio.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.AsyncStream;
import dev.jasyncio.testkit.AsyncTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.io.TempDir;

/** Requests, responses, bodies, headers, cookies, hooks and bad input, on both backends. */
class SessionBasicsTest extends MockServerTest {

  @AsyncTest
  void getReturnsStatusHeadersAndText() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Type", "text/plain; charset=utf-8")
        .addHeader("X-Thing", "one").body("héllo").build());
    try (HttpSession s = HttpSession.create(); HttpResponse r = s.get(url("/a"))) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.isSuccessful()).isTrue();
      assertThat(r.header("x-thing")).contains("one");
      assertThat(r.headers().get("X-THING")).containsExactly("one");
      assertThat(r.protocol()).isEqualTo("http/1.1");
      assertThat(r.contentType()).contains("text/plain; charset=utf-8");
      assertThat(r.text()).isEqualTo("héllo");
      assertThat(r.received()).isEqualTo("héllo".getBytes(StandardCharsets.UTF_8).length);
      assertThat(s.inFlight()).isZero();
    }
    RecordedRequest req = server.takeRequest();
    assertThat(req.getMethod()).isEqualTo("GET");
    assertThat(req.getHeaders().get("User-Agent")).isEqualTo("jasyncio-http");
  }

  @AsyncTest
  void connectionsAreReusedAfterABodyIsReadToTheEnd() throws Exception {
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse.Builder().body("page " + i).build());
    }
    try (HttpSession s = HttpSession.create()) {
      for (int i = 0; i < 3; i++) {
        try (HttpResponse r = s.get(url("/p"))) {
          assertThat(r.text()).isEqualTo("page " + i);
        }
      }
      assertThat(s.connectionCount()).isEqualTo(1);
    }
    assertThat(server.takeRequest().getConnectionIndex()).isEqualTo(0);
    assertThat(server.takeRequest().getConnectionIndex()).isEqualTo(0);
    assertThat(server.takeRequest().getConnectionIndex()).isEqualTo(0);
  }

  @AsyncTest
  void requestBodiesOfEveryKindArrive(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("upload.bin");
    byte[] big = new byte[300_000];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) i;
    }
    Files.write(file, big);
    for (int i = 0; i < 6; i++) {
      server.enqueue(new MockResponse.Builder().body("ok").build());
    }
    try (HttpSession s = HttpSession.create()) {
      s.post(url("/bytes"), RequestBody.bytes(new byte[] {1, 2, 3}, "application/octet-stream")).close();
      s.put(url("/text"), RequestBody.text("plain")).close();
      s.patch(url("/json"), RequestBody.json("{\"a\":1}")).close();
      s.post(url("/form"), RequestBody.form(Map.of("q", "event loop"))).close();
      s.put(url("/file"), RequestBody.file(file, "application/octet-stream")).close();
      s.post(url("/stream"), RequestBody.stream(() -> new ByteArrayInputStream(big), "application/octet-stream")).close();
    }
    RecordedRequest bytes = server.takeRequest();
    assertThat(bytes.getBody().toByteArray()).containsExactly(1, 2, 3);
    RecordedRequest text = server.takeRequest();
    assertThat(text.getMethod()).isEqualTo("PUT");
    assertThat(text.getBody().utf8()).isEqualTo("plain");
    assertThat(text.getHeaders().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    RecordedRequest json = server.takeRequest();
    assertThat(json.getMethod()).isEqualTo("PATCH");
    assertThat(json.getHeaders().get("Content-Type")).startsWith("application/json");
    assertThat(server.takeRequest().getBody().utf8()).isEqualTo("q=event+loop");
    RecordedRequest put = server.takeRequest();
    assertThat(put.getHeaders().get("Content-Length")).isEqualTo("300000");
    assertThat(put.getBody().toByteArray()).isEqualTo(big);
    RecordedRequest stream = server.takeRequest();
    assertThat(stream.getHeaders().get("Transfer-Encoding")).isEqualTo("chunked");
    assertThat(stream.getBody().toByteArray()).isEqualTo(big);
  }

  @AsyncTest
  void baseUrlDefaultHeadersAndCookies() throws Exception {
    server.enqueue(new MockResponse.Builder().addHeader("Set-Cookie", "session=abc; Path=/").body("1").build());
    server.enqueue(new MockResponse.Builder().body("2").build());
    try (HttpSession s = HttpSession.builder().baseUrl(url("/api/")).header("X-Client", "tour")
        .header("User-Agent", "mine").build()) {
      assertThat(s.get("items").text()).isEqualTo("1");
      assertThat(s.request(HttpRequest.get("items/2").header("X-Client", "override").build()).text()).isEqualTo("2");
      assertThat(s.cookies()).containsEntry("session", "abc");
    }
    RecordedRequest first = server.takeRequest();
    assertThat(first.getUrl().encodedPath()).isEqualTo("/api/items");
    assertThat(first.getHeaders().get("X-Client")).isEqualTo("tour");
    assertThat(first.getHeaders().get("User-Agent")).isEqualTo("mine");
    RecordedRequest second = server.takeRequest();
    assertThat(second.getUrl().encodedPath()).isEqualTo("/api/items/2");
    assertThat(second.getHeaders().values("X-Client")).containsExactly("override");
    assertThat(second.getHeaders().get("Cookie")).isEqualTo("session=abc");
  }

  @AsyncTest
  void raiseForStatusNamesStatusUrlAndTheBodyStart() {
    server.enqueue(new MockResponse.Builder().code(404).body("no such page: " + "x".repeat(5000)).build());
    server.enqueue(new MockResponse.Builder().code(201).body("made").build());
    try (HttpSession s = HttpSession.create()) {
      HttpResponse r = s.get(url("/missing"));
      assertThatThrownBy(r::raiseForStatus)
          .isInstanceOfSatisfying(HttpStatusException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.url().toString()).endsWith("/missing");
            assertThat(e.bodyExcerpt()).startsWith("no such page: xxx").hasSize(HttpResponse.EXCERPT_CHARS);
            assertThat(e.getMessage()).contains("HTTP 404").contains("/missing");
          });
      assertThat(s.inFlight()).isZero(); // raiseForStatus closed it
      try (HttpResponse ok = s.get(url("/made"))) {
        assertThat(ok.raiseForStatus().text()).isEqualTo("made");
      }
    }
  }

  @AsyncTest
  void bodyStreamsChunksAndTheProgressHookCountsThem() {
    Buffer body = new Buffer().write(new byte[200_000]);
    server.enqueue(new MockResponse.Builder().body(body).build());
    List<Long> seen = new CopyOnWriteArrayList<>();
    try (HttpSession s = HttpSession.builder().onProgress((r, got, total) -> {
      assertThat(total).isEqualTo(200_000);
      seen.add(got);
    }).build(); HttpResponse r = s.get(url("/big")); AsyncStream<byte[]> chunks = r.body()) {
      long sum = 0;
      int n = 0;
      for (byte[] chunk : chunks) {
        assertThat(chunk.length).isBetween(1, 64 * 1024);
        sum += chunk.length;
        n++;
      }
      assertThat(sum).isEqualTo(200_000);
      assertThat(n).isGreaterThan(1);
    }
    assertThat(seen).isSorted().last().isEqualTo(200_000L);
  }

  @AsyncTest
  void hooksSeeEveryRequestAndResponse() {
    server.enqueue(new MockResponse.Builder().body("a").build());
    server.enqueue(new MockResponse.Builder().code(204).build());
    List<String> events = new ArrayList<>();
    try (HttpSession s = HttpSession.builder()
        .onRequest(req -> events.add("request " + req.method()))
        .onResponse(r -> events.add("response " + r.status())).build()) {
      s.get(url("/a")).close();
      try (HttpResponse r = s.delete(url("/a"))) {
        assertThat(r.bytes()).isEmpty();
      }
      assertThat(s.connectionCount()).isEqualTo(1); // neither close discarded the connection
    }
    assertThat(events).containsExactly("request GET", "response 200", "request DELETE", "response 204");
  }

  @AsyncTest
  void headHasHeadersAndNoBodyAndKeepsTheConnection() {
    server.enqueue(new MockResponse.Builder().addHeader("Content-Length", "5000").build());
    server.enqueue(new MockResponse.Builder().body("then").build());
    try (HttpSession s = HttpSession.create()) {
      try (HttpResponse r = s.head(url("/file"))) {
        assertThat(r.header("Content-Length")).contains("5000");
        assertThat(r.bytes()).isEmpty();
      }
      try (HttpResponse r = s.request(HttpRequest.get(url("/next")).followRedirects(false).build())) {
        assertThat(r.text()).isEqualTo("then");
      }
      assertThat(s.connectionCount()).isEqualTo(1);
    }
  }

  @AsyncTest
  void aBodyIsReadOnce() {
    server.enqueue(new MockResponse.Builder().body("once").build());
    try (HttpSession s = HttpSession.create(); HttpResponse r = s.get(url("/"))) {
      assertThat(r.text()).isEqualTo("once");
      assertThatThrownBy(r::bytes).isInstanceOf(IllegalStateException.class).hasMessageContaining("already read");
    }
  }

  @AsyncTest
  void badInputIsNamed() {
    try (HttpSession s = HttpSession.create()) {
      assertThatThrownBy(() -> s.get("relative/path"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a base URL");
      assertThatThrownBy(() -> s.get("ftp://example.org/x"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an http or https URL");
      assertThatThrownBy(() -> s.get("http://exa mple.org/"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a URL");
    }
    assertThatThrownBy(() -> HttpSession.builder().limit(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
    assertThatThrownBy(() -> HttpSession.builder().readTimeout(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readTimeout");
    assertThatThrownBy(() -> HttpRequest.post("http://x/").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("POST needs a body");
    assertThatThrownBy(() -> RequestBody.bytes(new byte[0], "not a type"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a media type");
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
  }

  @AsyncTest
  void aClosedSessionRefusesRequestsAndAbortsOpenResponses() {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(new byte[500_000])).build());
    HttpSession s = HttpSession.create();
    HttpResponse open = s.get(url("/big"));
    s.close();
    assertThatThrownBy(open::bytes).isInstanceOf(HttpException.class).hasMessageContaining("session was closed");
    assertThatThrownBy(() -> s.get(url("/"))).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThat(s.inFlight()).isZero();
  }
}
