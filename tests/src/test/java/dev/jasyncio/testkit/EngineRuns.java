package dev.jasyncio.testkit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs a test method of an example class through JUnit, to check how it passes or fails. */
final class EngineRuns {
  private EngineRuns() {}

  /**
   * Runs {@code method} of {@code testClass} with the given configuration parameters
   * (key, value, key, value...) and returns its test events.
   */
  static Events run(Class<?> testClass, String method, String... config) {
    return execute(testClass, method, config).testEvents();
  }

  /** Runs every test of {@code testClass} and returns their events. */
  static Events runClass(Class<?> testClass) {
    return EngineTestKit.engine("junit-jupiter")
        .selectors(org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(testClass))
        .execute().testEvents();
  }

  /** Like {@link #run} but with the events of containers too (a template that failed to start). */
  static Events runAll(Class<?> testClass, String method) {
    return execute(testClass, method).allEvents();
  }

  private static EngineExecutionResults execute(Class<?> testClass, String method, String... config) {
    EngineTestKit.Builder b = EngineTestKit.engine("junit-jupiter").selectors(selectMethod(testClass, method));
    for (int i = 0; i < config.length; i += 2) {
      b = b.configurationParameter(config[i], config[i + 1]);
    }
    return b.execute();
  }

  /** What each failed test of {@code events} threw. */
  static List<Throwable> failures(Events events) {
    return events.failed().stream()
        .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
        .toList();
  }
}
