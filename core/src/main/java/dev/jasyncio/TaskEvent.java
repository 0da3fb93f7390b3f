package dev.jasyncio;

import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;

/**
 * The fields every jasyncio JFR event has: the loop, and the task it is about (JFR gives
 * subclasses the fields of an abstract event class; this one is not an event type itself).
 */
abstract class TaskEvent extends Event {
  @Label("Loop")
  String loop;

  @Label("Task Id")
  @Description("The task's number in its loop; 0 for a callback")
  long taskId;

  @Label("Task Name")
  @Description("The task's name; for a slow step or stall, the task or callback that held the loop")
  String taskName;

  /** Fills in the loop and the task. */
  final void about(Loop l, Task<?> t) {
    loop = l.name();
    taskId = t == null ? 0 : t.id();
    taskName = t == null ? null : t.getName();
  }
}
