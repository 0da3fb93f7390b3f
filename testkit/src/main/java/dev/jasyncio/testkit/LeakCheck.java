package dev.jasyncio.testkit;

import dev.jasyncio.ExceptionContext;
import dev.jasyncio.ExceptionHandler;
import dev.jasyncio.Loop;
import dev.jasyncio.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The leak check of one {@link AsyncTest} invocation. It is the loop's exception handler: a
 * report that carries an exception (a task or promise whose failure nobody retrieved, a callback
 * that threw) is kept to fail the test; other reports (debug mode's slow steps) are logged.
 */
final class LeakCheck implements ExceptionHandler {
  private final List<ExceptionContext> failures = new CopyOnWriteArrayList<>();
  private final List<String> leftovers = new ArrayList<>();

  @Override
  public void handle(Loop loop, ExceptionContext context) {
    if (context.exception() != null) {
      failures.add(context);
    } else if (!context.message().equals(ExceptionContext.PENDING_AT_CLOSE)) { // noteLeftovers has them
      ExceptionHandler.logging().handle(loop, context);
    }
  }

  /**
   * Notes the tasks still running when the body returned, before closing the loop cancels them.
   * A task already asked to cancel is on its way out: closing the loop awaits it.
   */
  void noteLeftovers(Loop loop) {
    for (Task<?> t : loop.allTasks().reversed()) {
      if (!t.isDone() && t.cancelling() == 0) {
        leftovers.add("'" + t.getName() + "' " + t + createdAt(t.creationStack()));
      }
    }
  }

  /**
   * The verdict once the loop is closed: null if nothing leaked, else an error naming every
   * leftover task and unretrieved failure with where its task was created.
   */
  AssertionError verdict(String testName) {
    if (leftovers.isEmpty() && failures.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder(testName).append(" leaked:");
    if (!leftovers.isEmpty()) {
      b.append("\n").append(leftovers.size()).append(leftovers.size() == 1 ? " task" : " tasks")
          .append(" still running when the test returned (await or cancel it before the end):");
      for (String s : leftovers) {
        b.append("\n  ").append(s);
      }
    }
    if (!failures.isEmpty()) {
      b.append("\n").append(failures.size()).append(failures.size() == 1 ? " failure" : " failures")
          .append(" nobody retrieved (await the task, or read exception()):");
      for (ExceptionContext c : failures) {
        b.append("\n  ").append(c.message());
        if (c.task() != null) {
          b.append(": '").append(c.task().getName()).append("'");
        }
        b.append(" failed with ").append(c.exception());
        if (c.task() != null) {
          b.append(createdAt(c.task().creationStack()));
        }
      }
    }
    AssertionError e = new AssertionError(b.toString());
    for (ExceptionContext c : failures) {
      e.addSuppressed(c.exception());
    }
    return e;
  }

  /** The creation stack, from the caller of createTask down to where the test framework begins. */
  private static String createdAt(StackTraceElement[] stack) {
    if (stack.length == 0) {
      return ", created at an unknown place (creation stacks are kept in debug mode)";
    }
    int from = 0;
    for (int i = 0; i < Math.min(stack.length, 8); i++) {
      if (stack[i].getClassName().startsWith("dev.jasyncio.") && stack[i].getMethodName().equals("createTask")) {
        from = i + 1;
      }
    }
    int to = from;
    while (to < stack.length && !frameworkFrame(stack[to])) {
      to++;
    }
    if (to == from) {
      from = 0;
      to = stack.length;
    }
    StringBuilder b = new StringBuilder(", created at");
    for (int i = from; i < to; i++) {
      b.append("\n      at ").append(stack[i]);
    }
    return b.toString();
  }

  private static boolean frameworkFrame(StackTraceElement e) {
    String c = e.getClassName();
    return c.startsWith("org.junit.") || c.startsWith("java.lang.reflect.") || c.startsWith("jdk.internal.")
        || c.startsWith("java.lang.VirtualThread")
        || (c.equals("dev.jasyncio.Task") && e.getMethodName().equals("runBody"));
  }
}
