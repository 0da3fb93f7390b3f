package dev.jasyncio.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.AsyncStream;
import dev.jasyncio.Task;
import dev.jasyncio.testkit.AsyncTest;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import okio.Buffer;
import org.junit.jupiter.api.BeforeEach;

/** HTTP/2 over TLS (ALPN) with a certificate made for the test, and its streams cancelled. */
class Http2Test extends MockServerTest {
  private static final HeldCertificate CERT = new HeldCertificate.Builder()
      .commonName("localhost").addSubjectAlternativeName("localhost").build();
  private static final HandshakeCertificates SERVER = new HandshakeCertificates.Builder().heldCertificate(CERT).build();
  private static final HandshakeCertificates CLIENT = new HandshakeCertificates.Builder()
      .addTrustedCertificate(CERT.certificate()).build();

  @BeforeEach
  void tls() {
    server.useHttps(SERVER.sslSocketFactory());
    server.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
  }

  private String https(String path) {
    return server.url(path).newBuilder().host("localhost").build().toString();
  }

  private static HttpSession trusting() {
    return HttpSession.builder().trustManager(CLIENT.trustManager()).build();
  }

  @AsyncTest
  void concurrentRequestsShareOneHttp2Connection() {
    for (int i = 0; i < 21; i++) {
      server.enqueue(new MockResponse.Builder().body("stream").build());
    }
    try (HttpSession s = trusting()) {
      s.get(https("/first")).close(); // the connection, so the others multiplex on it
      List<Task<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        tasks.add(Async.createTask(() -> {
          try (HttpResponse r = s.get(https("/h2"))) {
            assertThat(r.protocol()).isEqualTo("h2");
            assertThat(r.url().getScheme()).isEqualTo("https");
            return r.text();
          }
        }));
      }
      assertThat(Async.gather(tasks)).hasSize(20).containsOnly("stream");
      assertThat(s.connectionCount()).isEqualTo(1);
    }
  }

  @AsyncTest
  void closingAStreamEarlyResetsOnlyThatStream() {
    server.enqueue(new MockResponse.Builder().body(new Buffer().write(new byte[4 * 1024 * 1024])).build());
    server.enqueue(new MockResponse.Builder().body("after").build());
    try (HttpSession s = trusting()) {
      try (HttpResponse big = s.get(https("/big")); AsyncStream<byte[]> chunks = big.body()) {
        assertThat(chunks.iterator().next()).isNotEmpty(); // one chunk, then abandon the rest
      }
      assertThat(s.inFlight()).isZero();
      try (HttpResponse r = s.get(https("/after"))) {
        assertThat(r.text()).isEqualTo("after");
        assertThat(r.protocol()).isEqualTo("h2");
      }
      assertThat(s.connectionCount()).as("the connection outlived the cancelled stream").isEqualTo(1);
    }
  }

  @AsyncTest
  void anUntrustedCertificateIsANamedError() {
    server.enqueue(new MockResponse.Builder().body("never").build());
    try (HttpSession s = HttpSession.builder().retry(RetryPolicy.none()).build()) { // the platform's trust
      assertThatThrownBy(() -> s.get(https("/")))
          .isInstanceOfSatisfying(HttpConnectException.class, e -> {
            assertThat(e.reason()).isEqualTo(HttpConnectException.Reason.OTHER);
            assertThat(e.getMessage()).contains("TLS");
          });
    }
  }

  @AsyncTest
  void priorKnowledgeIsNotNeededForPlainHttp11() throws Exception {
    try (MockWebServer plain = new MockWebServer()) {
      plain.start();
      plain.enqueue(new MockResponse.Builder().body("1.1").build());
      try (HttpSession s = trusting(); HttpResponse r = s.get(plain.url("/").toString())) {
        assertThat(r.protocol()).isEqualTo("http/1.1");
        assertThat(r.text()).isEqualTo("1.1");
      }
    }
  }
}
