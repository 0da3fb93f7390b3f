package dev.jasyncio.testkit;

import dev.jasyncio.Backend;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A JUnit 5 test whose body runs as the main task of a fresh jasyncio loop: pytest-asyncio's
 * {@code @pytest.mark.asyncio}, with Trio's autojump clock, a leak check and seeded schedule
 * exploration.
 *
 * <pre>{@code
 * @AsyncTest
 * void timesOut(Loop loop) {
 *   Task<Void> slow = Async.createTask(() -> Async.sleep(Duration.ofMinutes(10)));
 *   slow.await();                      // ten virtual minutes: the test takes milliseconds
 *   assertThat(loop.time()).isEqualTo(600.0);
 * }
 * }</pre>
 *
 * <p>For each invocation the test gets:
 *
 * <ul>
 *   <li>a fresh {@link dev.jasyncio.Loop} on a {@link dev.jasyncio.VirtualClock}: time jumps to the
 *       next timer whenever every task waits ({@link #manualClock()} for a clock the test moves
 *       with {@link dev.jasyncio.VirtualClock#advance}); the loop runs in debug mode, so every task
 *       remembers where it was created;
 *   <li>the loop, its {@link dev.jasyncio.VirtualClock} (or {@link dev.jasyncio.Clock}) and its
 *       {@link Backend} as test method parameters, if the method declares them;
 *   <li>a leak check: when the body returns, a task still running (and not cancelled), or a task or
 *       promise whose failure nobody retrieved, fails the test with the task's name and the stack
 *       where it was created;
 *   <li>timeouts: {@link #timeout()} in the loop's (virtual) time and {@link #realTimeout()} in
 *       real time; either cancels the main task and fails the test with a
 *       {@link dev.jasyncio.TimeoutException} whose stack is where the body was waiting.
 * </ul>
 *
 * <p>{@link #schedules()} runs the test that many times, each with a seeded order among the tasks
 * that are ready at the same moment (every such order is legal: asyncio promises none). A failure
 * names its seed and how to replay exactly that schedule:
 *
 * <pre>{@code
 * @AsyncTest(schedules = 100)                 // explore
 * @AsyncTest(replay = 4242424242L)            // replay the schedule a failure printed
 * mvn test -Dtest='CounterTest#increments' -Djasyncio.replaySeed=4242424242
 * }</pre>
 *
 * <p>The class's {@code @BeforeEach} and {@code @AfterEach} methods run on the test's loop too,
 * each as a main task, as pytest-asyncio's async fixtures do: a fixture can start a server task that
 * the test then uses, and stop it afterwards. The leak check runs after the {@code @AfterEach}
 * methods. ({@code @BeforeAll}/{@code @AfterAll} are static and run outside any loop.)
 *
 * <pre>{@code
 * class EchoTest {
 *   Server server;
 *
 *   @BeforeEach
 *   void startServer() {                    // on the test's loop
 *     server = Streams.startServer(ECHO, "127.0.0.1", 0);
 *   }
 *
 *   @AfterEach
 *   void stopServer() {
 *     server.close();
 *     server.waitClosed();
 *   }
 *
 *   @AsyncTest
 *   void echoes() { ... }                   // uses server, on the same loop
 * }
 * }</pre>
 *
 * <p>An object of one loop used from another (a {@link dev.jasyncio.Lock} in a static field used
 * by two tests, say) is a {@link dev.jasyncio.WrongLoopException} that names both loops; each
 * loop is named after its test. {@link #loopScope()} {@link LoopScope#CLASS} shares one loop
 * among the class's tests instead.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@TestTemplate
@ExtendWith(AsyncTestExtension.class)
public @interface AsyncTest {
  /** The value of {@link #replay()} that means "no replay". */
  long NO_REPLAY = Long.MIN_VALUE;

  /**
   * The backends to run on, one invocation each (named after the backend). Empty (the default):
   * the run's default backend, {@link Backend#defaultBackend()}.
   *
   * @return the backends
   */
  Backend[] backends() default {};

  /**
   * A manual virtual clock ({@link dev.jasyncio.VirtualClock#manual()}) instead of the autojump
   * one: time moves only when the test calls {@link dev.jasyncio.VirtualClock#advance}. Declare a
   * {@code VirtualClock} parameter to get it.
   *
   * @return true for a manual clock
   */
  boolean manualClock() default false;

  /**
   * A timeout in the loop's virtual time, such as {@code "10s"}, {@code "500ms"}, {@code "5m"} or
   * ISO-8601 {@code "PT10S"}; empty for none. On the autojump clock it fires as soon as every task
   * waits past it, without real waiting.
   *
   * @return the virtual-time timeout
   */
  String timeout() default "";

  /**
   * A timeout in real (wall-clock) time, in the same format as {@link #timeout()}; {@code "0"}
   * for none. It catches a test that hangs or deadlocks. (A task that never reaches a suspension
   * point holds the loop, and no timeout can take it back.)
   *
   * @return the real-time timeout, one minute by default
   */
  String realTimeout() default "60s";

  /**
   * Schedule exploration: run the test this many times, each with a different seeded order among
   * tasks ready at the same moment. 0 (the default): the loop's first-in-first-out order, once.
   * Exploration stops at the first failing schedule, which prints its seed. The configuration
   * parameter or system property {@code jasyncio.schedules} overrides the count for tests that
   * explore.
   *
   * @return the number of schedules
   */
  int schedules() default 0;

  /**
   * The seed the explored schedules are derived from; the same seed explores the same schedules.
   * The configuration parameter or system property {@code jasyncio.scheduleSeed} overrides it.
   *
   * @return the base seed
   */
  long seed() default 0;

  /**
   * Replays exactly one schedule: the seed a failing exploration printed. The configuration
   * parameter or system property {@code jasyncio.replaySeed} does the same for tests that
   * explore, without editing the test.
   *
   * @return the schedule seed, or {@link #NO_REPLAY}
   */
  long replay() default NO_REPLAY;

  /**
   * Whether a task left running or a failure nobody retrieved fails the test. Off, leftover tasks
   * are cancelled when the loop closes and unretrieved failures are logged, as {@code Async.run}
   * does.
   *
   * @return true (the default) to check for leaks
   */
  boolean leakCheck() default true;

  /**
   * Whether the test gets a fresh loop ({@link LoopScope#TEST}, the default) or shares one with
   * the other {@code loopScope = CLASS} tests of its class; pytest-asyncio's {@code loop_scope}.
   *
   * @return the loop's scope
   */
  LoopScope loopScope() default LoopScope.TEST;
}
