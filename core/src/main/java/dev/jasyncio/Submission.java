package dev.jasyncio;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A task handed in from another thread by {@link Loop#submit}: a callback that starts the task on
 * the loop. Completes its future even if the loop closes first ({@code Loop.failInbox}).
 */
final class Submission<T> implements Runnable {
  final Loop loop;
  final Callable<T> body;
  final CompletableFuture<T> future = new CompletableFuture<>();

  Submission(Loop loop, Callable<T> body) {
    this.loop = loop;
    this.body = body;
  }

  @Override
  public void run() {
    if (future.isDone()) {
      return; // cancelled before it started
    }
    Task<T> task = loop.createTask(body, null);
    task.whenDone(future);
    future.whenComplete((v, e) -> {
      if (future.isCancelled() && !task.isDone()) {
        loop.postFromAnyThread(task::cancel);
      }
    });
  }
}
