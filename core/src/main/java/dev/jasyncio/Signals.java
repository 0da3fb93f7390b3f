package dev.jasyncio;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Unix signal handlers that run on the loop: asyncio's {@code loop.add_signal_handler}. It sits
 * beside the loop (not in {@code dev.jasyncio.io}) because {@link Async#run} installs the SIGINT
 * handler: the core package depends on nothing else. Built on
 * {@code sun.misc.Signal} (module {@code jdk.unsupported}), the JDK's only signal API: it can
 * handle INT, TERM, HUP, USR1, USR2 and others the JVM does not reserve; it cannot handle
 * signals the JVM uses itself (QUIT for thread dumps, KILL, STOP, and on some JVMs USR1/USR2),
 * and {@code -Xrs} disables INT/TERM handling entirely: {@link #addHandler} then throws. It also
 * throws for HUP, INT or TERM when the process started with that signal ignored ({@code nohup},
 * a background job of a shell without job control): the JVM keeps such a signal ignored.
 *
 * <pre>{@code
 * try (Signals.Registration r = Signals.addHandler("TERM", () -> server.close())) {
 *   server.serveForever();
 * }
 * }</pre>
 *
 * <p>{@link Async#run} cancels its main task on the first SIGINT, so the program ends through
 * ordinary cancellation ({@code finally} blocks run) as asyncio's runner does; a second SIGINT
 * while that cancellation runs falls through to the JVM's default (exit).
 */
public final class Signals {
  private Signals() {}

  /** Removes a handler when closed. */
  public interface Registration extends AutoCloseable {
    /** Removes the handler; the previous handling of the signal applies again. */
    @Override
    void close();
  }

  private record Entry(Loop loop, Runnable action) {}

  private static final Map<String, List<Entry>> HANDLERS = new ConcurrentHashMap<>();
  private static final Map<String, SignalHandler> PREVIOUS = new ConcurrentHashMap<>();
  /** The JVM's shutdown signals: it will not handle one that the process started with ignored. */
  private static final java.util.Set<String> SHUTDOWN_SIGNALS =
      java.util.Set.of("HUP", "INT", "TERM");

  /**
   * Runs {@code handler} on the calling loop each time signal {@code name} arrives, until the
   * registration is closed. The most recent registration for a signal gets it.
   *
   * @param name the signal name without {@code SIG}, e.g. {@code "TERM"}
   * @param handler what to run, on the loop
   * @return the registration
   * @throws IllegalArgumentException if the JVM does not let this signal be handled: one it
   *     uses itself, INT or TERM under {@code -Xrs}, or HUP, INT or TERM that this process
   *     started with ignored
   */
  public static Registration addHandler(String name, Runnable handler) {
    Objects.requireNonNull(handler, "handler");
    return register(name, new Entry(Async.currentLoop(), handler));
  }

  /**
   * For {@link Async#run}: the first SIGINT cancels {@code main}; a later one, while main is still
   * cancelling, gets the JVM's default handling.
   *
   * @param main the main task
   * @return the registration, to close when main is done; a no-op if SIGINT cannot be handled
   */
  static Registration interruptCancels(Task<?> main) {
    Entry e = new Entry(main.loop(), () -> {
      if (main.cancelling() > 0) {
        defaultHandling("INT");
      } else {
        main.cancel("interrupted by SIGINT");
      }
    });
    try {
      return register("INT", e);
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError x) {
      return () -> {}; // -Xrs or no signal support: Ctrl-C then ends the JVM as usual
    }
  }

  private static synchronized Registration register(String name, Entry entry) {
    String n = name.toUpperCase(java.util.Locale.ROOT).replaceFirst("^SIG", "");
    List<Entry> list = HANDLERS.computeIfAbsent(n, k -> new CopyOnWriteArrayList<>());
    if (!PREVIOUS.containsKey(n)) {
      Signal sig = new Signal(n);
      SignalHandler prev = Signal.handle(sig, s -> dispatch(n));
      if (prev == SignalHandler.SIG_IGN && SHUTDOWN_SIGNALS.contains(n)) {
        // the JVM leaves these ignored when the process started with them ignored, and takes
        // a handler it will never call: refuse it rather than register one that never runs
        Signal.handle(sig, SignalHandler.SIG_IGN);
        throw new IllegalArgumentException("SIG" + n + " is ignored by this process (it was started"
            + " with the signal ignored, as nohup or a background job of a shell without job"
            + " control does), and the JVM does not let it be handled");
      }
      PREVIOUS.put(n, prev);
    }
    list.add(entry);
    return () -> unregister(n, entry);
  }

  private static synchronized void unregister(String n, Entry entry) {
    List<Entry> list = HANDLERS.get(n);
    if (list != null && list.remove(entry) && list.isEmpty()) {
      SignalHandler prev = PREVIOUS.remove(n);
      if (prev != null) {
        Signal.handle(new Signal(n), prev);
      }
    }
  }

  /** On the JVM's signal thread: hand the signal to the newest handler's loop. */
  private static void dispatch(String n) {
    List<Entry> list = HANDLERS.get(n);
    Entry e = list == null || list.isEmpty() ? null : list.get(list.size() - 1);
    if (e == null || e.loop().isClosed()) {
      defaultHandling(n);
      return;
    }
    try {
      e.loop().callSoonThreadsafe(e.action());
    } catch (RuntimeException closed) {
      defaultHandling(n);
    }
  }

  private static void defaultHandling(String n) {
    SignalHandler prev = PREVIOUS.get(n);
    if (prev != null && prev != SignalHandler.SIG_DFL && prev != SignalHandler.SIG_IGN) {
      prev.handle(new Signal(n));
    } else if (prev == SignalHandler.SIG_DFL) {
      Runtime.getRuntime().exit(128 + new Signal(n).getNumber());
    }
  }
}
