package dev.jasyncio;

import java.util.Locale;

/**
 * How a loop runs its tasks (ARCHITECTURE §2). Every task is a virtual thread; the backends differ
 * in what carries it. Both implement the same four moves — start a task, park the current task,
 * unpark a task, yield — so primitives, timers and I/O are written once above them.
 */
public enum Backend {
  /**
   * Each task is a virtual thread whose scheduler is the loop thread itself: the loop drains a
   * queue of continuations. Fast, and any JDK blocking call that parks (socket I/O, j.u.c locks,
   * {@code Thread.sleep}) suspends only its task. Needs
   * {@code --add-opens java.base/java.lang=ALL-UNNAMED}. File I/O and native calls pin the loop
   * thread: offload them.
   */
  CARRIER,
  /**
   * Each task is a virtual thread on the JDK's default scheduler; a run permit lets one run at a
   * time. Needs no flags. A JDK blocking call inside a task holds the permit and blocks the loop,
   * exactly as {@code time.sleep} blocks asyncio: wrap it in {@link Async#blocking} or offload it.
   */
  PORTABLE;

  /**
   * The backend a loop gets when none is named: {@code -Djasyncio.backend=carrier|portable} if
   * set, else {@link #CARRIER} when its hook is accessible, else {@link #PORTABLE}.
   *
   * @return the default backend
   * @throws IllegalArgumentException if the property names no backend
   */
  public static Backend defaultBackend() {
    String p = System.getProperty("jasyncio.backend");
    if (p != null && !p.isBlank() && !p.equalsIgnoreCase("auto")) {
      try {
        return valueOf(p.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown -Djasyncio.backend=" + p + " (expected carrier, portable or auto)");
      }
    }
    if (CarrierEngine.isAvailable()) {
      return CARRIER;
    }
    FellBack.announce();
    return PORTABLE;
  }

  /** Says once per JVM, not only in debug mode, why the default is the portable backend. */
  private static final class FellBack {
    static {
      System.getLogger("dev.jasyncio").log(System.Logger.Level.WARNING, "jasyncio runs on the"
          + " portable backend: the carrier backend cannot run because "
          + CarrierEngine.unavailableReason() + ". On the portable backend a blocking JDK call"
          + " inside a task blocks the whole loop; wrap it in Async.blocking or offload it, or"
          + " set -Djasyncio.backend=portable to choose it and silence this.");
    }

    static void announce() {
      // the class initializer logs, once
    }
  }

  /**
   * Whether this backend can run in this JVM: {@link #CARRIER} needs the JDK's custom-scheduler
   * hook opened with {@code --add-opens java.base/java.lang=ALL-UNNAMED}.
   *
   * @return true if a loop can use it
   */
  public boolean isAvailable() {
    return this == PORTABLE || CarrierEngine.isAvailable();
  }
}
