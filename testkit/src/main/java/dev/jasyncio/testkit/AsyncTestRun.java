package dev.jasyncio.testkit;

import dev.jasyncio.Async;
import dev.jasyncio.Backend;
import dev.jasyncio.Clock;
import dev.jasyncio.ExceptionHandler;
import dev.jasyncio.Loop;
import dev.jasyncio.LoopClosedException;
import dev.jasyncio.Task;
import dev.jasyncio.TimeoutException;
import dev.jasyncio.TimerHandle;
import dev.jasyncio.VirtualClock;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.opentest4j.TestAbortedException;

/**
 * One invocation of an {@link AsyncTest}: builds its loop (or takes the class's, for
 * {@link LoopScope#CLASS}), resolves the loop and clock parameters, runs the
 * {@code @BeforeEach} methods, the test method and the {@code @AfterEach} methods each as a main
 * task of that loop, then checks for leaks and closes the loop.
 */
final class AsyncTestRun implements TestTemplateInvocationContext, ParameterResolver, InvocationInterceptor,
    AfterEachCallback {
  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private final AsyncTestSettings settings;
  private final Backend backend;
  private final Long seed;
  private final String schedule;
  private final AtomicBoolean exploreFailed;
  private final LeakCheck leaks = new LeakCheck();
  private VirtualClock clock;
  private Loop loop;
  private volatile String timedOut;
  private volatile StackTraceElement[] stuckAt;

  /**
   * @param seed the schedule seed, or null for first-in-first-out
   * @param schedule which schedule this is ("schedule 3/100", "replay"), or null
   * @param exploreFailed set when this run fails, to end the exploration; or null
   */
  AsyncTestRun(AsyncTestSettings settings, Backend backend, Long seed, String schedule, AtomicBoolean exploreFailed) {
    this.settings = settings;
    this.backend = backend;
    this.seed = seed;
    this.schedule = schedule;
    this.exploreFailed = exploreFailed;
  }

  @Override
  public String getDisplayName(int invocationIndex) {
    String b = backend.name().toLowerCase(Locale.ROOT);
    return schedule == null ? b : b + ", " + schedule + ", seed " + seed;
  }

  @Override
  public List<Extension> getAdditionalExtensions() {
    return List.of(this);
  }

  private Loop loop(ExtensionContext context) {
    if (loop == null) {
      if (settings.loopScope() == LoopScope.CLASS) {
        SharedLoop shared = SharedLoop.of(context, backend, settings.manualClock());
        shared.reportTo(settings.leakCheck() ? leaks : null);
        loop = shared.loop();
        clock = shared.clock();
        return loop;
      }
      clock = settings.manualClock() ? VirtualClock.manual() : Clock.virtual();
      Loop.Builder b = builder(clock, backend, "@AsyncTest " + settings.testName())
          .exceptionHandler(settings.leakCheck() ? leaks : ExceptionHandler.logging());
      if (seed != null) {
        b.scheduleSeed(seed);
      }
      loop = b.build();
    }
    return loop;
  }

  /** The loop every {@link AsyncTest} runs on: debug mode, a virtual clock, the invocation's backend. */
  static Loop.Builder builder(VirtualClock clock, Backend backend, String name) {
    return Loop.builder().name(name).backend(backend).clock(clock).debug(true)
        .slowCallbackDuration(Duration.ofSeconds(1));
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    Class<?> type = p.getParameter().getType();
    return type == Loop.class || type == VirtualClock.class || type == Clock.class || type == Backend.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    Class<?> type = p.getParameter().getType();
    if (type == Backend.class) {
      return backend;
    }
    Loop l = loop(c);
    return type == Loop.class ? l : clock;
  }

  @Override
  public void interceptBeforeEachMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
    runFixture(invocation, invocationContext, extensionContext, "@BeforeEach");
  }

  @Override
  public void interceptAfterEachMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
    runFixture(invocation, invocationContext, extensionContext, "@AfterEach");
  }

  /** A lifecycle method runs as a main task of the test's loop, as pytest-asyncio's async fixtures do. */
  private void runFixture(Invocation<Void> invocation, ReflectiveInvocationContext<Method> method,
      ExtensionContext context, String kind) throws Throwable {
    Throwable failure = runMain(loop(context), invocation, kind + " " + method.getExecutable().getName() + "()");
    if (failure != null) {
      throw explained(failure);
    }
  }

  @Override
  public void interceptTestTemplateMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
    Throwable failure = runMain(loop(extensionContext), invocation, "@AsyncTest " + settings.testName());
    if (failure != null) {
      throw explained(failure);
    }
  }

  /** After the {@code @AfterEach} methods: the leak check, and the end of a per-test loop. */
  @Override
  public void afterEach(ExtensionContext context) {
    if (loop == null) {
      return;
    }
    if (settings.loopScope() == LoopScope.TEST) {
      try {
        if (settings.leakCheck()) {
          leaks.noteLeftovers(loop);
        }
      } finally {
        loop.close();
      }
    }
    AssertionError leaked = settings.leakCheck() ? leaks.verdict(settings.testName()) : null;
    if (leaked != null) {
      throw (AssertionError) explained(leaked); // an AssertionError either way
    }
  }

  /** Under an explored schedule, a failure says which seed replays it. */
  private Throwable explained(Throwable failure) {
    if (seed == null || failure instanceof TestAbortedException) {
      return failure;
    }
    if (exploreFailed != null) {
      exploreFailed.set(true);
    }
    AssertionError e = new AssertionError(settings.testName() + " failed under schedule seed " + seed
        + " (" + schedule + ", " + backend.name().toLowerCase(Locale.ROOT) + " backend)."
        + " Replay exactly this schedule with @AsyncTest(replay = " + seed + "L) or -D"
        + AsyncTestExtension.REPLAY_SEED + "=" + seed + "\n" + failure, failure);
    e.setStackTrace(failure.getStackTrace()); // point at the failing line, not at the testkit
    return e;
  }

  /** Runs a test or lifecycle method as a main task; returns what it threw, or null. */
  private Throwable runMain(Loop l, Invocation<Void> invocation, String taskName) {
    timedOut = null;
    stuckAt = null;
    Task<Void> main = l.createTask(() -> {
      Task<?> me = Async.currentTask();
      TimerHandle virtual = settings.timeout() == null ? null
          : l.callLater(settings.timeout(), () -> timeUp(me, settings.timeout(), "of virtual time"));
      try {
        invocation.proceed();
        return null;
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new AssertionError(t); // a Throwable that is neither: keep it, as a cause
      } finally {
        if (virtual != null) {
          virtual.cancel();
        }
      }
    }, taskName);
    ScheduledFuture<?> real = settings.realTimeout() == null ? null
        : WATCHDOG.schedule(() -> realTimeUp(l, main), settings.realTimeout().toNanos(), TimeUnit.NANOSECONDS);
    Throwable thrown = null;
    try {
      l.runUntilComplete(main);
    } catch (Throwable t) {
      thrown = t; // the outcome is read from the task: a checked failure arrives wrapped
    } finally {
      if (real != null) {
        real.cancel(false);
      }
    }
    if (!main.isDone()) {
      return thrown;
    }
    if (main.isCancelled()) {
      if (timedOut == null) {
        return thrown;
      }
      TimeoutException e = new TimeoutException(settings.testName() + " timed out after " + timedOut);
      if (stuckAt != null && stuckAt.length > 0) {
        e.setStackTrace(stuckAt); // where the test was waiting when time ran out
      }
      return e;
    }
    return main.exception();
  }

  /** On the loop: cancels the main task because a timeout passed. */
  private void timeUp(Task<?> main, Duration after, String what) {
    if (main.isDone() || timedOut != null) {
      return;
    }
    stuckAt = main.stack();
    timedOut = after.toString().substring(2).toLowerCase(Locale.ROOT) + " " + what;
    main.cancel("@AsyncTest: " + settings.testName() + " timed out after " + timedOut);
  }

  private void realTimeUp(Loop l, Task<?> main) {
    try {
      l.callSoonThreadsafe(() -> timeUp(main, settings.realTimeout(), "of real time"));
    } catch (LoopClosedException e) {
      // the test finished meanwhile
    }
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = Executors.defaultThreadFactory().newThread(r);
      t.setDaemon(true);
      t.setName("jasyncio-testkit-timeout");
      return t;
    });
    e.setRemoveOnCancelPolicy(true);
    return e;
  }
}
