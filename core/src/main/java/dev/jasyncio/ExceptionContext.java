package dev.jasyncio;

import java.util.Arrays;

/**
 * What a loop reports to its {@link ExceptionHandler}: asyncio's exception-handler context.
 * Reports include a callback that threw, a failed task whose exception nobody retrieved, a
 * failure while cancelling leftover tasks at close and, in debug mode, a task step that held the
 * loop too long or a task still pending when the loop closes.
 *
 * @param message what happened, in one line
 * @param exception the exception involved, or {@code null}
 * @param task the task involved, or {@code null}
 * @param stack a stack that locates the problem, or {@code null}: where the task was created (for
 *     a never-retrieved failure, in debug mode) or where it was stuck (for a slow step)
 */
public record ExceptionContext(
    String message, Throwable exception, Task<?> task, StackTraceElement[] stack) {

  /**
   * The message of debug mode's report of a task still pending when its loop closes (asyncio's
   * "Task was destroyed but it is pending!"); the loop cancels the task right after.
   */
  public static final String PENDING_AT_CLOSE = "Task was destroyed but it is pending: cancelled at loop close";

  /**
   * The report as text: message, task, stack and exception.
   *
   * @return a multi-line description
   */
  public String describe() {
    StringBuilder b = new StringBuilder(message);
    if (task != null) {
      b.append("\n  task: ").append(task);
    }
    if (stack != null && stack.length > 0) {
      b.append("\n  stack:");
      for (StackTraceElement e : stack) {
        b.append("\n    at ").append(e);
      }
    }
    if (exception != null) {
      java.io.StringWriter w = new java.io.StringWriter();
      exception.printStackTrace(new java.io.PrintWriter(w));
      b.append("\n  exception: ").append(w.toString().stripTrailing());
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "ExceptionContext[" + message + ", exception=" + exception + ", task=" + task
        + (stack == null ? "" : ", stack=" + Arrays.toString(stack)) + "]";
  }
}
