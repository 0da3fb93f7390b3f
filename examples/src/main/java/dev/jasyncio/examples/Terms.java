package dev.jasyncio.examples;

import static dev.jasyncio.examples.FetchData.fetchData;

import dev.jasyncio.Async;
import dev.jasyncio.Promise;
import dev.jasyncio.Task;
import java.io.PrintStream;
import java.time.Duration;

/** Seed 000, terms.py: the three kinds of awaitables, in jasyncio's words. */
public final class Terms implements Example {
  @Override
  public String name() {
    return "terms";
  }

  @Override
  public String title() {
    return "seed 000 terms.py: coroutine, task, future";
  }

  @Override
  public String lesson() {
    return "A coroutine is a plain method here: calling it runs it now, to its end (no coroutine"
        + " objects, no await keyword). A Task runs such a method on the loop from the caller's next"
        + " suspension point; a Promise (asyncio's Future) holds a state and a result set later, and"
        + " every Task is a Promise.";
  }

  @Override
  public void run(PrintStream out) {
    out.println("coroutine: calling fetchData(1) runs it right away");
    String direct = fetchData(out, 1);
    out.println("coroutine: returned " + direct);

    Task<String> task = Async.createTask(() -> fetchData(out, 1), "fetch");
    out.println("task: created '" + task.getName() + "', done=" + task.isDone()
        + " (it starts when main suspends)");
    String fromTask = task.await();
    out.println("task: awaited -> " + fromTask + ", done=" + task.isDone());

    Promise<String> future = Async.createPromise();
    out.println("future: created, done=" + future.isDone());
    Async.currentLoop().callLater(Duration.ofMillis(500), () -> future.setResult("set by a callback"));
    out.println("future: awaited -> " + future.await() + ", done=" + future.isDone());
  }
}
