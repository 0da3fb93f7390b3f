package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Promise;
import java.io.PrintStream;

/** Seed 001: the Future object, with a done callback, setResult and setException. */
public final class FutureCallbacks implements Example {
  @Override
  public String name() {
    return "future";
  }

  @Override
  public String title() {
    return "seed 001: the Future (Promise) with callbacks, setResult, setException";
  }

  @Override
  public String lesson() {
    return "A Promise is a placeholder: whoever finishes the work calls setResult or setException;"
        + " done callbacks then run on the loop, and result() returns the value or rethrows the"
        + " failure.";
  }

  /** Simulates async work, then completes the promise according to {@code data}. */
  static void asyncOperation(Promise<String> future, String data) {
    Async.sleep(1);
    if (data.equals("success")) {
      future.setResult("Operation succeeded");
    } else {
      future.setException(new RuntimeException("Operation failed"));
    }
  }

  /** Called on the loop once the promise is done. */
  static void futureCallback(PrintStream out, Promise<String> future) {
    try {
      out.println("Callback: " + future.result());
    } catch (RuntimeException e) {
      out.println("Callback: " + e.getMessage());
    }
  }

  static void attempt(PrintStream out, String data) {
    Promise<String> future = Async.createPromise();
    future.addDoneCallback(f -> futureCallback(out, f));
    asyncOperation(future, data);
    if (future.isDone()) {
      try {
        out.println("Main: " + future.result());
      } catch (RuntimeException e) {
        out.println("Main: " + e.getMessage());
      }
    }
  }

  @Override
  public void run(PrintStream out) {
    attempt(out, "success");
    attempt(out, "failure"); // anything but "success" fails
  }
}
