package dev.jasyncio;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Signal facts that the tests which raise signals depend on. */
public final class TestSignals {
  /** Why a test that raises SIGINT is skipped when SIGINT cannot reach this JVM. */
  public static final String SIGINT_IGNORED =
      "this JVM ignores SIGINT (started in the background by a shell without job control),"
          + " so a raised SIGINT reaches no handler";

  private TestSignals() {}

  /**
   * Whether this JVM ignores SIGINT, as a background job of a shell without job control does
   * (POSIX). The JVM then installs no SIGINT handler, so a raised SIGINT reaches nothing.
   *
   * @return true if SIGINT is ignored
   */
  public static boolean sigintIgnored() {
    return ignored("INT");
  }

  /**
   * Whether this JVM started with signal {@code name} ignored (HUP under {@code nohup}, INT in the
   * background). Asks by installing a handler that does nothing, which the JVM declines for an
   * ignored HUP, INT or TERM, and putting back the previous one.
   *
   * @param name a signal name without {@code SIG}
   * @return true if the signal is ignored
   */
  public static boolean ignored(String name) {
    Signal sig = new Signal(name);
    // not SIG_IGN: that would make the signal ignored for good, since the JVM then refuses every
    // later handler for it, the one put back too
    SignalHandler prev = Signal.handle(sig, s -> {});
    Signal.handle(sig, prev);
    return prev == SignalHandler.SIG_IGN;
  }
}
