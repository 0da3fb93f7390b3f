package dev.jasyncio;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR: a task was created. Off by default, like the JDK's own {@code jdk.VirtualThreadStart}: a
 * program can start millions of tasks. Enable it in a recording ({@code jasyncio.TaskStart#enabled=true}).
 */
@Name("jasyncio.TaskStart")
@Label("Task Start")
@Category({"jasyncio", "Tasks"})
@Description("A task was created on a loop")
@Enabled(false)
@StackTrace(false)
final class TaskStartEvent extends TaskEvent {
  /** Records the start of {@code t} if a recording wants it; builds nothing otherwise. */
  static void emit(Task<?> t) {
    TaskStartEvent e = new TaskStartEvent();
    if (e.isEnabled()) {
      e.about(t.loop, t);
      EventRelay.commit(e);
    }
  }
}
