package dev.jasyncio.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.Async;
import dev.jasyncio.CancelledException;
import dev.jasyncio.Task;
import dev.jasyncio.testkit.AsyncTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;

/** The session's limits, counted by the server: never exceeded, served in order, cancel-safe. */
class LimitsTest extends MockServerTest {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final List<String> served = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeEach
  void countingServer() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
          served.add(request.getUrl().encodedPath());
          Thread.sleep(1); // long enough for the others to pile up
          return new MockResponse.Builder().body("x".repeat(100)).build();
        } finally {
          inFlight.decrementAndGet();
        }
      }
    });
  }

  @AsyncTest(realTimeout = "120s")
  void aThousandRequestsAtTenPerHostNeverExceedTen() {
    try (HttpSession s = HttpSession.builder().limitPerHost(10).build()) {
      List<Task<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        tasks.add(Async.createTask(() -> s.get(url("/item")).bytes().length));
      }
      assertThat(Async.gather(tasks)).hasSize(1000).containsOnly(100);
      assertThat(s.inFlight()).isZero();
    }
    assertThat(server.getRequestCount()).isEqualTo(1000);
    assertThat(mostInFlight.get()).isLessThanOrEqualTo(10).isGreaterThan(1);
  }

  @AsyncTest
  void aHostWithNothingInFlightOrWaitingIsForgotten() {
    // a crawl of many hosts must not keep a semaphore for each one it has ever seen
    String other = server.url("/other").newBuilder().host("localhost").build().toString();
    try (HttpSession s = HttpSession.builder().limitPerHost(2).build()) {
      HttpResponse held = s.get(url("/held")); // holds one of 127.0.0.1's two slots
      assertThat(s.get(other).text()).hasSize(100);
      assertThat(s.hostsTracked()).as("only the host with a response open").isEqualTo(1);
      held.close();
      assertThat(s.hostsTracked()).isZero();
      List<Task<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 50; i++) { // a host seen again is limited again
        tasks.add(Async.createTask(() -> s.get(url("/again")).bytes().length));
      }
      assertThat(Async.gather(tasks)).hasSize(50).containsOnly(100);
      assertThat(s.hostsTracked()).isZero();
    }
    assertThat(mostInFlight.get()).isLessThanOrEqualTo(2);
  }

  @AsyncTest
  void theGlobalLimitSpansHosts() {
    String other = server.url("/other").newBuilder().host("localhost").build().toString();
    try (HttpSession s = HttpSession.builder().limit(3).build()) {
      List<Task<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        String u = i % 2 == 0 ? url("/one") : other;
        tasks.add(Async.createTask(() -> s.get(u).bytes().length));
      }
      Async.gather(tasks);
    }
    assertThat(mostInFlight.get()).isLessThanOrEqualTo(3);
  }

  @AsyncTest
  void waitersAreServedInOrderAndACancelledOneTakesNoSlot() {
    try (HttpSession s = HttpSession.builder().limit(1).build()) {
      HttpResponse held = s.get(url("/held")); // holds the one slot until closed
      List<Task<String>> waiters = new ArrayList<>();
      for (String name : List.of("/a", "/b", "/c", "/d")) {
        waiters.add(Async.createTask(() -> s.get(url(name)).text()));
      }
      Async.sleep(0.01); // every waiter is queued on the limit
      waiters.get(1).cancel();
      held.close();
      assertThatThrownBy(() -> waiters.get(1).await()).isInstanceOf(CancelledException.class);
      for (int i : new int[] {0, 2, 3}) {
        waiters.get(i).await();
      }
    }
    assertThat(served).containsExactly("/held", "/a", "/c", "/d");
  }
}
