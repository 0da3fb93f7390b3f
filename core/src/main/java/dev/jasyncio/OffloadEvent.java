package dev.jasyncio;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR: one span of offloaded work, from when a pool thread (or, for {@code Async.blocking}, the
 * task's own thread) starts it until it ends. The event's duration is the span; its thread is the
 * one that did the work.
 */
@Name("jasyncio.Offload")
@Label("Offloaded Work")
@Category({"jasyncio", "Offload"})
@Description("Work a task handed off the loop: toThread, onCpu, runInExecutor or a blocking section")
@StackTrace(false)
final class OffloadEvent extends TaskEvent {
  @Label("Kind")
  @Description("toThread, onCpu, runInExecutor or blocking")
  String kind;




  @Label("Failed")
  boolean failed;

  /**
   * {@code call} inside an offload span when a recording wants offload events or a profile of
   * the task's loop runs ({@link Profiler#offloaded}); else {@code call} itself. {@code what} is
   * the API's name ({@code Async.onCpu}); the kind is its method name. On the loop.
   */
  static <T> java.util.concurrent.Callable<T> around(String what, Task<?> task, java.util.concurrent.Callable<T> call) {
    Profiler profile = task.loop.profiler;
    if (profile == null && !new OffloadEvent().isEnabled()) {
      return call;
    }
    String kind = what.substring(what.indexOf('.') + 1);
    return () -> {
      OffloadEvent e = begin(kind, task);
      long t0 = System.nanoTime();
      boolean failed = true;
      try {
        T r = call.call();
        failed = false;
        return r;
      } finally {
        end(e, failed);
        if (profile != null) {
          profile.offloaded(task, kind, System.nanoTime() - t0);
        }
      }
    };
  }

  /** A started span if a recording wants offload events, else null (and nothing is built). */
  static OffloadEvent begin(String kind, Task<?> task) {
    OffloadEvent e = new OffloadEvent();
    if (!e.isEnabled()) {
      return null;
    }
    e.kind = kind;
    e.about(task.loop, task);
    e.begin();
    return e;
  }

  /** Ends the span begun by {@link #begin}; {@code e} may be null. */
  static void end(OffloadEvent e, boolean failed) {
    if (e != null) {
      e.end();
      e.failed = failed;
      if (e.shouldCommit()) {
        e.commit();
      }
    }
  }
}
