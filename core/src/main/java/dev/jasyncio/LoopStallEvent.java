package dev.jasyncio;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR: the watchdog found the loop stuck in one step past the slow threshold, while it is still
 * stuck. Unlike {@link SlowStepEvent} it does not wait for the step to end, so a loop that never
 * comes back (an endless loop, a deadlocked monitor) is in the recording too.
 */
@Name("jasyncio.LoopStall")
@Label("Loop Stall")
@Category({"jasyncio", "Loop"})
@Description("The loop has been stuck in one step longer than the slow threshold (seen while stuck)")
@StackTrace(false)
final class LoopStallEvent extends TaskEvent {
  @Label("Stalled For")
  @Description("How long the step had held the loop when the watchdog looked (at least)")
  @Timespan(Timespan.NANOSECONDS)
  long stalledFor;

  @Label("Stuck At")
  @Description("The stack of the stuck thread, innermost frame first")
  String stuckAt;

  static void emit(Loop loop, Task<?> task, String who, long nanos, StackTraceElement[] stack) {
    LoopStallEvent e = new LoopStallEvent();
    if (e.isEnabled()) {
      e.about(loop, task);
      e.taskName = who;
      e.stalledFor = nanos;
      e.stuckAt = frames(stack);
      EventRelay.commit(e);
    }
  }

  /** A stack as text, one frame a line; empty for none. */
  static String frames(StackTraceElement[] stack) {
    if (stack == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (StackTraceElement f : stack) {
      b.append(f).append('\n');
    }
    return b.toString();
  }
}
