package dev.jasyncio.testkit;

import dev.jasyncio.Backend;
import dev.jasyncio.Clock;
import dev.jasyncio.ExceptionContext;
import dev.jasyncio.ExceptionHandler;
import dev.jasyncio.Loop;
import dev.jasyncio.VirtualClock;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The loop of a {@link LoopScope#CLASS} test class, kept in the class's extension store, which
 * closes it when the class is done. Reports go to the leak check of the test running now.
 */
final class SharedLoop implements ExceptionHandler, AutoCloseable {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SharedLoop.class);

  private final VirtualClock clock;
  private final Loop loop;
  private volatile LeakCheck current;

  private SharedLoop(Class<?> testClass, Backend backend, boolean manualClock) {
    this.clock = manualClock ? VirtualClock.manual() : Clock.virtual();
    this.loop = AsyncTestRun.builder(clock, backend, "@AsyncTest class " + testClass.getSimpleName())
        .exceptionHandler(this).build();
  }

  /** The loop of the test class of {@code context} for this backend and clock kind. */
  static SharedLoop of(ExtensionContext context, Backend backend, boolean manualClock) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
      c = c.getParent().get(); // from the invocation up to its class
    }
    Class<?> testClass = c.getRequiredTestClass();
    return c.getStore(NS).getOrComputeIfAbsent(backend + "/" + (manualClock ? "manual" : "autojump"),
        k -> new SharedLoop(testClass, backend, manualClock), SharedLoop.class);
  }

  Loop loop() {
    return loop;
  }

  VirtualClock clock() {
    return clock;
  }

  /** Sends the loop's reports to this test's leak check from now on; null to log them. */
  void reportTo(LeakCheck check) {
    current = check;
  }

  @Override
  public void handle(Loop l, ExceptionContext context) {
    LeakCheck c = current;
    if (c != null) {
      c.handle(l, context);
    } else {
      ExceptionHandler.logging().handle(l, context);
    }
  }

  /** When the class is done: cancels what is left; a report now has no test to fail, so it is logged. */
  @Override
  public void close() {
    current = null;
    loop.close();
  }
}
