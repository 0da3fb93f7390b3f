package dev.jasyncio;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR: a task step or callback held the loop past the slow threshold. Committed when the step
 * ends, for every slow step (the exception handler's warning is rate-limited, this is not).
 */
@Name("jasyncio.SlowStep")
@Label("Slow Step")
@Category({"jasyncio", "Loop"})
@Description("A task step or callback held the loop longer than the slow threshold")
@StackTrace(false)
final class SlowStepEvent extends TaskEvent {
  @Label("Duration")
  @Timespan(Timespan.NANOSECONDS)
  long stepDuration;

  @Label("Threshold")
  @Timespan(Timespan.NANOSECONDS)
  long slowThreshold;

  @Label("Stuck At")
  @Description("The stack sampled while the step held the loop, innermost frame first")
  String stuckAt;

  static void emit(Loop loop, Task<?> task, String who, long nanos, long threshold, StackTraceElement[] stack) {
    SlowStepEvent e = new SlowStepEvent();
    if (e.isEnabled()) {
      e.about(loop, task);
      e.taskName = who;
      e.stepDuration = nanos;
      e.slowThreshold = threshold;
      e.stuckAt = LoopStallEvent.frames(stack);
      EventRelay.commit(e);
    }
  }
}
