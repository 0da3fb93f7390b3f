package dev.jasyncio;

import java.util.concurrent.LinkedBlockingQueue;
import jdk.jfr.Event;
import jdk.jfr.FlightRecorder;

/**
 * Commits jasyncio's JFR events. An event committed on a carrier-backend loop thread while the
 * loop runs (a callback, the loop's own bookkeeping between steps) is lost: JFR's per-thread
 * state on a thread that carries virtual threads is not set up for events of the carrier itself.
 * Those events are timestamped where they happen and committed by a relay thread instead.
 */
final class EventRelay {
  private EventRelay() {}

  private static final LinkedBlockingQueue<Event> PENDING = new LinkedBlockingQueue<>();
  private static Thread relay; // guarded by PENDING

  /**
   * Whether any event may be wanted: false until JFR is initialized in this JVM (a recording at
   * startup, {@code jcmd JFR.start}, or the {@code jdk.jfr} API). Every emit site asks this before
   * it touches an event class: loading one initializes JFR's metadata (about 0.7 MB of heap kept
   * for the JVM's life, and enough to make a small heap's collector start marking cycles).
   */
  static boolean mayRecord() {
    return FlightRecorder.isInitialized();
  }

  /** Commits {@code e}, whose fields are set, now or through the relay. */
  static void commit(Event e) {
    Thread t = Thread.currentThread();
    if (t.isVirtual() || !(Loop.context() instanceof Loop)) {
      e.commit();
      return;
    }
    e.begin(); // the time it happened, not the time the relay gets to it
    e.end();
    synchronized (PENDING) {
      if (relay == null) {
        relay = Thread.ofPlatform().daemon().name("jasyncio-jfr-relay").start(EventRelay::relay);
      }
    }
    PENDING.add(e);
  }

  private static void relay() {
    while (true) {
      try {
        PENDING.take().commit();
      } catch (InterruptedException e) {
        // a daemon that lives as long as the JVM: keep relaying
      }
    }
  }
}
