package dev.jasyncio;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR: a task ended, with its outcome. Off by default, as {@link TaskStartEvent} is; pair the two
 * by task id for a task's lifetime.
 */
@Name("jasyncio.TaskEnd")
@Label("Task End")
@Category({"jasyncio", "Tasks"})
@Description("A task ended: outcome result, failed or cancelled")
@Enabled(false)
@StackTrace(false)
final class TaskEndEvent extends TaskEvent {
  @Label("Outcome")
  @Description("result, failed or cancelled")
  String outcome;

  /** Records the end of {@code t}, which has completed, if a recording wants it. */
  static void emit(Task<?> t) {
    TaskEndEvent e = new TaskEndEvent();
    if (e.isEnabled()) {
      e.about(t.loop, t);
      e.outcome = switch (t.state) {
        case Promise.RESULT -> "result";
        case Promise.FAILED -> "failed";
        case Promise.CANCELLED -> "cancelled";
        default -> "pending";
      };
      EventRelay.commit(e);
    }
  }
}
