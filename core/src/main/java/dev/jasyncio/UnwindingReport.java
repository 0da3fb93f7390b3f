package dev.jasyncio;

import java.security.CodeSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Debug mode's report of a suspension point in a task that is unwinding from its cancellation:
 * cancellation is level-triggered, so {@code finally { Async.sleep(0.2); cleanup(); }} throws at
 * once where asyncio would let the cleanup wait. The semantics stay; the report names the fix,
 * once per code site (the first frame outside jasyncio).
 */
final class UnwindingReport {
  private UnwindingReport() {}

  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();
  private static final CodeSource CORE = Task.class.getProtectionDomain().getCodeSource();
  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private static boolean isLibrary(Class<?> c) {
    String n = c.getName();
    return n.startsWith("java.") || n.startsWith("jdk.") || n.startsWith("sun.")
        || java.util.Objects.equals(c.getProtectionDomain().getCodeSource(), CORE);
  }

  /** The calling task, cancelled before, meets a suspension point that throws at once. */
  static void suspendedWhileUnwinding(Task<?> task) {
    StackWalker.StackFrame site = WALKER.walk(frames -> frames
        .filter(f -> !isLibrary(f.getDeclaringClass()))
        .findFirst().orElse(null));
    String where = site == null ? "?" : site.getClassName() + "." + site.getMethodName()
        + "(" + site.getFileName() + ":" + site.getLineNumber() + ")";
    if (!REPORTED.add(where)) {
      return;
    }
    task.loop.callExceptionHandler(new ExceptionContext("task '" + task.getName() + "' was"
        + " cancelled and is unwinding, and suspends again at " + where + ": the wait throws at"
        + " once (cancellation is level-triggered). Cleanup that must wait goes inside"
        + " CancelScope.shielded().run(...)", null, task, new Throwable().getStackTrace()));
  }
}
