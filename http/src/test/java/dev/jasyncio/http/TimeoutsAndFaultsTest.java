package dev.jasyncio.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.TimeoutException;
import dev.jasyncio.testkit.AsyncTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Every timeout fires as its named kind, every fault as its named error, and a timeout scope
 * around a request aborts it. The servers stall far longer than the timeouts (real waits, bounded).
 */
class TimeoutsAndFaultsTest extends MockServerTest {
  private static final Duration SHORT = Duration.ofMillis(300);

  private static HttpSession.Builder noRetry() {
    return HttpSession.builder().retry(RetryPolicy.none());
  }

  @AsyncTest
  void slowHeadersFireTheReadTimeout() {
    server.enqueue(new MockResponse.Builder().headersDelay(20, TimeUnit.SECONDS).body("late").build());
    try (HttpSession s = noRetry().readTimeout(SHORT).build()) {
      assertThatThrownBy(() -> s.get(url("/slow")))
          .isInstanceOfSatisfying(HttpTimeoutException.class, e -> {
            assertThat(e.kind()).isEqualTo(HttpTimeoutException.Kind.READ);
            assertThat(e.timeout()).isEqualTo(SHORT);
            assertThat(e.getMessage()).contains("read timeout").contains("/slow");
          });
      assertThat(s.inFlight()).isZero();
    }
  }

  @AsyncTest
  void aStalledBodyFiresTheIdleReadTimeout() {
    server.enqueue(new MockResponse.Builder().bodyDelay(20, TimeUnit.SECONDS).body("late").build());
    try (HttpSession s = noRetry().readTimeout(SHORT).build(); HttpResponse r = s.get(url("/"))) {
      assertThat(r.status()).isEqualTo(200); // the headers came in time
      assertThatThrownBy(r::bytes).isInstanceOfSatisfying(HttpTimeoutException.class,
          e -> assertThat(e.kind()).isEqualTo(HttpTimeoutException.Kind.READ));
    }
  }

  @AsyncTest
  void aTricklingBodyNeverIdlesButFiresTheTotalTimeout() {
    // a byte every 50 ms: the 2 s idle timeout never fires, the 1 s total does
    server.enqueue(new MockResponse.Builder().throttleBody(1, 50, TimeUnit.MILLISECONDS).body("x".repeat(400)).build());
    try (HttpSession s = noRetry().readTimeout(Duration.ofSeconds(2)).totalTimeout(Duration.ofSeconds(1)).build();
        HttpResponse r = s.get(url("/"))) {
      assertThatThrownBy(r::bytes).isInstanceOfSatisfying(HttpTimeoutException.class, e -> {
        assertThat(e.kind()).isEqualTo(HttpTimeoutException.Kind.TOTAL);
        assertThat(r.received()).isBetween(1L, 399L);
      });
    }
  }

  @AsyncTest
  void aFinishedRequestStopsItsTotalTimeout() {
    // each deadline's timer holds its call until it fires: 5 min by default, 1.4 KB a request
    int before = TotalDeadline.pending();
    for (int i = 0; i < 20; i++) {
      server.enqueue(new MockResponse.Builder().body("body " + i).build());
    }
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/there").build());
    server.enqueue(new MockResponse.Builder().body("there").build());
    server.enqueue(new MockResponse.Builder().body("never read").build());
    try (HttpSession s = noRetry().build()) {
      for (int i = 0; i < 20; i++) {
        assertThat(s.get(url("/" + i)).text()).isEqualTo("body " + i);
      }
      assertThat(s.get(url("/redirected")).text()).isEqualTo("there");
      s.get(url("/unread")).close();
    }
    server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "0").build());
    server.enqueue(new MockResponse.Builder().body("retried").build());
    try (HttpSession s = HttpSession.builder().retry(RetryPolicy.defaults()).build()) {
      assertThat(s.get(url("/busy")).text()).isEqualTo("retried"); // the 503's attempt closed too
    }
    assertThat(TotalDeadline.pending()).as("deadlines still scheduled").isEqualTo(before);
  }

  @AsyncTest
  void theTotalTimeoutSpansARedirect() {
    // the first hop's response is closed as the redirect is followed: the deadline runs on
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", "/slow").build());
    server.enqueue(new MockResponse.Builder().throttleBody(1, 50, TimeUnit.MILLISECONDS).body("x".repeat(400)).build());
    try (HttpSession s = noRetry().readTimeout(Duration.ofSeconds(2)).totalTimeout(Duration.ofSeconds(1)).build();
        HttpResponse r = s.get(url("/start"))) {
      assertThat(r.history()).hasSize(1);
      assertThatThrownBy(r::bytes).isInstanceOfSatisfying(HttpTimeoutException.class,
          e -> assertThat(e.kind()).isEqualTo(HttpTimeoutException.Kind.TOTAL));
    }
  }

  @AsyncTest
  void aPeerThatNeverReadsFiresTheWriteTimeout() throws Exception {
    try (RawServer deaf = new RawServer(socket -> Thread.sleep(20_000));
        HttpSession s = noRetry().writeTimeout(SHORT).build()) {
      InputStream endless = new InputStream() {
        @Override
        public int read() {
          return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
          java.util.Arrays.fill(b, off, off + len, (byte) 'x');
          return len;
        }
      };
      assertThatThrownBy(() -> s.post(deaf.url("/upload"), RequestBody.stream(() -> endless, "text/plain")))
          .isInstanceOfSatisfying(HttpTimeoutException.class,
              e -> assertThat(e.kind()).isEqualTo(HttpTimeoutException.Kind.WRITE));
    }
  }

  @AsyncTest
  void aFullAcceptQueueFiresTheConnectTimeout() throws Exception {
    List<Socket> fillers = new ArrayList<>();
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      for (int i = 0; i < 8; i++) { // fill the backlog: later handshakes go unanswered
        Socket f = new Socket();
        try {
          f.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort()), 200);
          fillers.add(f);
        } catch (java.io.IOException queueFull) {
          f.close();
          break;
        }
      }
      try (HttpSession s = noRetry().connectTimeout(SHORT).build()) {
        assertThatThrownBy(() -> s.get("http://127.0.0.1:" + full.getLocalPort() + "/"))
            .isInstanceOfSatisfying(HttpTimeoutException.class,
                e -> assertThat(e.kind()).isEqualTo(HttpTimeoutException.Kind.CONNECT));
      }
    } finally {
      for (Socket f : fillers) {
        f.close();
      }
    }
  }

  @AsyncTest
  void aResetMidBodyIsAConnectionReset() throws Exception {
    try (RawServer resetting = new RawServer(socket -> {
      OutputStream out = RawServer.answer(socket, "HTTP/1.1 200 OK", "Content-Length: 1000000");
      out.write(new byte[100_000]);
      out.flush();
      Thread.sleep(100);
      socket.setSoLinger(true, 0); // close with RST
    }); HttpSession s = noRetry().build(); HttpResponse r = s.get(resetting.url("/reset"))) {
      assertThatThrownBy(r::bytes).isInstanceOfSatisfying(HttpConnectException.class, e -> {
        assertThat(e.reason()).isEqualTo(HttpConnectException.Reason.RESET);
        assertThat(e.getMessage()).contains("reset").contains("/reset");
        assertThat(e.getCause()).isNotNull();
      });
    }
  }

  @AsyncTest
  void aBodyShorterThanItsContentLengthIsTruncated() throws Exception {
    try (RawServer shortchanging = new RawServer(socket -> {
      OutputStream out = RawServer.answer(socket, "HTTP/1.1 200 OK", "Content-Length: 1000");
      out.write(new byte[500]);
      out.flush();
      socket.shutdownOutput(); // a clean end, 500 bytes early
      Thread.sleep(200);
    }); HttpSession s = noRetry().build(); HttpResponse r = s.get(shortchanging.url("/short"))) {
      assertThatThrownBy(r::bytes).isInstanceOfSatisfying(TruncatedBodyException.class, e -> {
        assertThat(e.received()).isEqualTo(500);
        assertThat(e.expected()).isEqualTo(1000);
        assertThat(e.getMessage()).contains("500 bytes of the 1000 announced");
      });
    }
  }

  @AsyncTest
  void nobodyListeningIsRefusedAndRetriedThenNamed() throws Exception {
    int port;
    try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = gone.getLocalPort();
    }
    List<RetryEvent> retries = new ArrayList<>();
    try (HttpSession s = HttpSession.builder().onRetry(retries::add).build()) {
      assertThatThrownBy(() -> s.get("http://127.0.0.1:" + port + "/"))
          .isInstanceOfSatisfying(HttpConnectException.class,
              e -> assertThat(e.reason()).isEqualTo(HttpConnectException.Reason.REFUSED));
    }
    assertThat(retries).hasSize(2).allSatisfy(r -> assertThat(r.failure()).isPresent());
  }

  @AsyncTest
  void aNameThatDoesNotResolveIsADnsFailureAndIsNotRetried() {
    List<RetryEvent> retries = new ArrayList<>();
    try (HttpSession s = HttpSession.builder().onRetry(retries::add).build()) {
      assertThatThrownBy(() -> s.get("http://no-such-host.invalid/"))
          .isInstanceOfSatisfying(HttpConnectException.class, e -> {
            assertThat(e.reason()).isEqualTo(HttpConnectException.Reason.DNS);
            assertThat(e.getMessage()).contains("no-such-host.invalid");
            assertThat(e.getCause()).isInstanceOf(java.net.UnknownHostException.class);
          });
    }
    assertThat(retries).isEmpty();
  }

  @AsyncTest
  void aTimeoutScopeAroundARequestAbortsItAndFreesItsSlot() {
    CountDownLatch release = new CountDownLatch(1);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (request.getUrl().encodedPath().equals("/stall")) {
          release.await(20, TimeUnit.SECONDS);
        }
        return new MockResponse.Builder().body("fine").build();
      }
    });
    try (HttpSession s = HttpSession.builder().limit(1).build()) {
      assertThatThrownBy(() -> Async.timeout(Duration.ofMillis(200), () -> s.get(url("/stall"))))
          .isInstanceOf(TimeoutException.class);
      assertThat(s.inFlight()).isZero();
      assertThat(s.connectionCount()).isZero(); // the aborted connection was not pooled
      try (HttpResponse r = s.get(url("/next"))) { // the one slot is free again
        assertThat(r.text()).isEqualTo("fine");
      }
    } finally {
      release.countDown();
    }
  }

  @Test
  void theLoopRunsOtherTasksWhileARequestWaits() throws Exception {
    // the slow response is held until the fast one was served: a loop blocked by the first
    // request could never send the second, and this would hang instead
    CountDownLatch fastServed = new CountDownLatch(1);
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        if (request.getUrl().encodedPath().equals("/slow")) {
          fastServed.await(20, TimeUnit.SECONDS);
          return new MockResponse.Builder().body("slow").build();
        }
        fastServed.countDown();
        return new MockResponse.Builder().body("fast").build();
      }
    });
    List<String> order = RealLoops.run(() -> {
      List<String> done = new ArrayList<>();
      try (HttpSession s = HttpSession.create()) {
        var slow = Async.createTask(() -> done.add(s.get(url("/slow")).text()));
        Async.sleep(Duration.ofMillis(50));
        done.add(s.get(url("/fast")).text());
        slow.await();
      }
      return done;
    });
    assertThat(order).containsExactlyInAnyOrder("fast", "slow");
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/slow"); // in flight first
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/fast");
  }
}
