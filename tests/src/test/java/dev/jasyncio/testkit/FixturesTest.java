package dev.jasyncio.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.THROWABLE;

import dev.jasyncio.Async;
import dev.jasyncio.Lock;
import dev.jasyncio.Loop;
import dev.jasyncio.Task;
import dev.jasyncio.WrongLoopException;
import dev.jasyncio.io.Connection;
import dev.jasyncio.io.ConnectionHandler;
import dev.jasyncio.io.Server;
import dev.jasyncio.io.Streams;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.platform.testkit.engine.Events;

/**
 * pytest-asyncio's async fixtures and loop scopes: {@code @BeforeEach}/{@code @AfterEach} run on
 * the test's loop, a class can share one loop, and an object of another test's loop is a named
 * error.
 */
class FixturesTest {
  static final ConnectionHandler ECHO = (r, w) -> {
    String line;
    while ((line = r.readlineString()) != null) {
      w.write(line + "\n");
      w.drain();
    }
    w.close();
  };

  @Test
  void aFixtureStartsARealServerOnTheTestsLoopAndTheTestUsesIt() {
    Events events = EngineRuns.runClass(ServerFixture.class);
    assertThat(EngineRuns.failures(events)).isEmpty();
    assertThat(events.succeeded().count()).as(events.list().toString()).isEqualTo(1);
  }

  @Test
  void aTaskAFixtureLeavesRunningFailsTheTestAfterTheAfterEachMethods() {
    assertThat(EngineRuns.failures(EngineRuns.run(LeakyFixture.class, "uses")))
        .singleElement(THROWABLE).hasMessageContaining("'fixture-task'")
        .hasMessageContaining("still running when the test returned");
    assertThat(LeakyFixture.events).containsExactly("before on @AsyncTest uses()", "test", "after");
  }

  @Test
  void aFailingBeforeEachFailsTheTestAndTheLoopStillCloses() {
    Events events = EngineRuns.run(FailingFixture.class, "neverRuns");
    assertThat(EngineRuns.failures(events)).singleElement(THROWABLE).hasMessage("fixture broke");
    assertThat(FailingFixture.loop.isClosed()).isTrue();
  }

  @Test
  void aClassScopedLoopIsSharedByTheClassesTestsAndClosedAfterTheLast() {
    Events events = EngineRuns.runClass(SharedLoopExample.class);
    assertThat(events.failed().count()).isZero();
    assertThat(events.succeeded().count()).isEqualTo(2);
    assertThat(SharedLoopExample.loops).hasSize(2).containsOnly(SharedLoopExample.loops.getFirst());
    assertThat(SharedLoopExample.loops.getFirst().name()).isEqualTo("@AsyncTest class SharedLoopExample");
    assertThat(SharedLoopExample.loops.getFirst().isClosed()).isTrue();
    assertThat(SharedLoopExample.server.isCancelled()).isTrue(); // what was left, cancelled at the end
  }

  @Test
  void anObjectOfAnotherTestsLoopIsANamedErrorThatSaysWhichLoop() {
    Events events = EngineRuns.runClass(WrongLoopExample.class);
    assertThat(EngineRuns.failures(events)).singleElement(THROWABLE)
        .isInstanceOf(WrongLoopException.class)
        .hasMessageContaining("Lock belongs to Loop['@AsyncTest first()'")
        .hasMessageContaining("another loop than the calling Loop['@AsyncTest second()'");
  }

  static class ServerFixture {
    // A fixture starts a real server on the test's loop; the test talks to it; a fixture stops it.
    Server server;
    Loop fixtureLoop;

    @BeforeEach
    void startServer(Loop loop) {
      fixtureLoop = Async.currentLoop();
      assertThat(fixtureLoop).isSameAs(loop);
      server = Streams.startServer(ECHO, "127.0.0.1", 0);
    }

    @AfterEach
    void stopServer() {
      assertThat(Async.currentLoop()).isSameAs(fixtureLoop);
      server.close();
      server.waitClosed();
    }

    @AsyncTest
    void aFixtureStartsAServerTheTestUses(Loop loop) {
      assertThat(loop).isSameAs(fixtureLoop);
      assertThat(loop.name()).isEqualTo("@AsyncTest aFixtureStartsAServerTheTestUses()");
      Connection c = Streams.openConnection("127.0.0.1", server.port());
      c.writer().write("hello fixture\n");
      assertThat(c.reader().readlineString()).isEqualTo("hello fixture");
      c.close();
    }
  }

  static class LeakyFixture {
    static final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void before() {
      events.clear();
      events.add("before on " + Async.currentLoop().name());
      Async.createTask(() -> Async.sleep(3600), "fixture-task");
    }

    @AsyncTest
    void uses() {
      events.add("test");
    }

    @AfterEach
    void after() {
      events.add("after");
    }
  }

  static class FailingFixture {
    static volatile Loop loop;

    @BeforeEach
    void before() {
      loop = Async.currentLoop();
      throw new IllegalStateException("fixture broke");
    }

    @AsyncTest
    void neverRuns() {
      throw new AssertionError("the test ran after its fixture failed");
    }
  }

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class SharedLoopExample {
    static final List<Loop> loops = new CopyOnWriteArrayList<>();
    static volatile Task<Void> server;

    @AsyncTest(loopScope = LoopScope.CLASS)
    @Order(1)
    void first(Loop loop) {
      loops.add(loop);
      server = Async.createTask(() -> Async.sleep(3600), "class-wide server");
      Async.sleep(10);
    }

    @AsyncTest(loopScope = LoopScope.CLASS)
    @Order(2)
    void second(Loop loop) {
      loops.add(loop);
      assertThat(server.isDone()).isFalse(); // still there from the first test
      assertThat(loop.time()).isEqualTo(10.0); // the clock carries on
    }
  }

  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  static class WrongLoopExample {
    static final Lock SHARED = new Lock(); // belongs to the first loop that uses it

    @AsyncTest
    @Order(1)
    void first() {
      SHARED.withLock(() -> Async.sleep(0));
    }

    @AsyncTest
    @Order(2)
    void second() {
      SHARED.withLock(() -> Async.sleep(0));
    }
  }
}
