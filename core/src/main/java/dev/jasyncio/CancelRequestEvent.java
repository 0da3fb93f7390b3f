package dev.jasyncio;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR: someone asked a task to cancel. The event's stack trace is the caller's, so a recording
 * shows who cancelled and from where.
 */
@Name("jasyncio.CancelRequest")
@Label("Cancel Request")
@Category({"jasyncio", "Tasks"})
@Description("Task.cancel was called on a task that was not done")
final class CancelRequestEvent extends TaskEvent {
  @Label("Requested By")
  @Description("The calling task's name, or the calling thread's")
  String requestedBy;

  @Label("Message")
  String message;

  /** Records a cancel request for {@code t}, made by the calling thread, if a recording wants it. */
  static void emit(Task<?> t, String message) {
    CancelRequestEvent e = new CancelRequestEvent();
    if (e.isEnabled()) {
      e.about(t.loop, t);
      Object c = Loop.context();
      e.requestedBy = c instanceof Task<?> by ? "task '" + by.getName() + "'"
          : c instanceof Loop l ? "a callback of loop '" + l.name() + "'"
          : "thread '" + Thread.currentThread().getName() + "'";
      e.message = message;
      EventRelay.commit(e);
    }
  }
}
