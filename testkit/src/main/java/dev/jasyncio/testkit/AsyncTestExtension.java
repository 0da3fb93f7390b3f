package dev.jasyncio.testkit;

import dev.jasyncio.Backend;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link AsyncTest}: one invocation per backend, times one per
 * explored schedule. Use the annotation; registering this class alone does nothing.
 */
public final class AsyncTestExtension implements TestTemplateInvocationContextProvider {
  /** Configuration parameter (or system property): replay this schedule seed. */
  static final String REPLAY_SEED = "jasyncio.replaySeed";
  /** Configuration parameter (or system property): how many schedules an exploring test runs. */
  static final String SCHEDULES = "jasyncio.schedules";
  /** Configuration parameter (or system property): the base seed of exploring tests. */
  static final String SCHEDULE_SEED = "jasyncio.scheduleSeed";

  /** Creates the extension; JUnit does this for {@link AsyncTest}. */
  public AsyncTestExtension() {}

  @Override
  public boolean supportsTestTemplate(ExtensionContext context) {
    return context.getTestMethod().flatMap(m -> AnnotationSupport.findAnnotation(m, AsyncTest.class)).isPresent();
  }

  @Override
  public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
    Method method = context.getRequiredTestMethod();
    AsyncTest spec = AnnotationSupport.findAnnotation(method, AsyncTest.class).orElseThrow();
    AsyncTestSettings settings = AsyncTestSettings.of(method, spec);
    List<Backend> backends = spec.backends().length == 0
        ? List.of(Backend.defaultBackend()) : List.of(spec.backends());
    if (spec.schedules() < 0) {
      throw new ExtensionConfigurationException("@AsyncTest(schedules = " + spec.schedules()
          + ") on " + method.getName() + "(): the number of schedules cannot be negative");
    }
    if (spec.loopScope() == LoopScope.CLASS && (spec.schedules() > 0 || spec.replay() != AsyncTest.NO_REPLAY)) {
      throw new ExtensionConfigurationException("@AsyncTest on " + method.getName() + "(): schedule"
          + " exploration and replay need a loop per run, not loopScope = CLASS");
    }
    Long replay = spec.replay() != AsyncTest.NO_REPLAY ? Long.valueOf(spec.replay())
        : spec.schedules() > 0 ? longParameter(context, REPLAY_SEED) : null;
    if (replay != null) {
      return backends.stream().map(b -> new AsyncTestRun(settings, b, replay, "replay", null));
    }
    if (spec.schedules() == 0) {
      return backends.stream().map(b -> new AsyncTestRun(settings, b, null, null, null));
    }
    Long n = longParameter(context, SCHEDULES);
    if (n != null && (n < 1 || n > Integer.MAX_VALUE)) {
      throw new ExtensionConfigurationException(SCHEDULES + "=" + n + ": the number of schedules must be"
          + " between 1 and " + Integer.MAX_VALUE);
    }
    int schedules = n != null ? n.intValue() : spec.schedules();
    Long s = longParameter(context, SCHEDULE_SEED);
    long base = s != null ? s : spec.seed();
    return backends.stream().flatMap(b -> {
      // Exploration stops at the first failing schedule: JUnit pulls invocations one at a time.
      AtomicBoolean failed = new AtomicBoolean();
      return IntStream.range(0, schedules)
          .<TestTemplateInvocationContext>mapToObj(i -> {
            long seed = scheduleSeed(base, i);
            return new AsyncTestRun(settings, b, seed,
                "schedule " + (i + 1) + "/" + schedules, failed);
          })
          .takeWhile(run -> !failed.get());
    });
  }

  /**
   * The seed of the {@code i}-th explored schedule: SplitMix64 of the base seed and index, so
   * neighbouring schedules share nothing, and printing this one number is enough to replay.
   */
  static long scheduleSeed(long base, int i) {
    long z = base + (i + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static Long longParameter(ExtensionContext context, String key) {
    Optional<String> v = context.getConfigurationParameter(key);
    if (v.isEmpty() || v.get().isBlank()) {
      return null;
    }
    try {
      return Long.decode(v.get().trim());
    } catch (NumberFormatException e) {
      throw new ExtensionConfigurationException(key + "=" + v.get() + " is not a whole number", e);
    }
  }
}
