package dev.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A loop and its tasks as the task monitor shows them, at one moment. {@link #take} asks the loop
 * for it when the loop runs and answers within a moment; when the loop does not answer (a task
 * holds it) it reads the loop's fields from the calling thread instead, which is safe while the
 * loop is stuck (nothing changes them) and at worst slightly stale otherwise, and says so.
 *
 * @param loop the loop
 * @param name the loop's name
 * @param backend its backend, lower case
 * @param state "new", "running", "idle" or "closed"
 * @param onLoop whether the loop took the snapshot itself (else it was read from outside)
 * @param runNanos wall time the loop has run
 * @param idleNanos time of that it waited with nothing to do
 * @param steps task steps it has run
 * @param delayHistogram scheduling delays, by {@link LoopStats#bucket} (a copy)
 * @param running the task whose step runs now, or null
 * @param runningForNanos how long that step has run
 * @param tasks the loop's tasks that are not done, oldest first
 */
record LoopSnapshot(Loop loop, String name, String backend, String state, boolean onLoop,
    long runNanos, long idleNanos, long steps, long[] delayHistogram, Task<?> running,
    long runningForNanos, List<TaskSnapshot> tasks) {
  /** How long to wait for a running loop to take the snapshot itself. */
  static final long ASK_LOOP_MILLIS = 200;

  static LoopSnapshot take(Loop loop) {
    if (loop.isRunning() && !loop.isOnLoop()) {
      CompletableFuture<LoopSnapshot> f = new CompletableFuture<>();
      try {
        loop.callSoonThreadsafe(() -> f.complete(read(loop, true)));
        return f.get(ASK_LOOP_MILLIS, TimeUnit.MILLISECONDS);
      } catch (LoopClosedException | java.util.concurrent.TimeoutException e) {
        // closed meanwhile, or held by a task: read it from here
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        throw new IllegalStateException("the loop failed to take a snapshot", e.getCause());
      }
    }
    return read(loop, loop.isOnLoop());
  }

  private static LoopSnapshot read(Loop loop, boolean onLoop) {
    LoopStats stats = loop.scheduler.stats;
    long now = CoarseClock.now();
    List<TaskSnapshot> tasks = new ArrayList<>();
    for (Task<?> t : loop.liveTasksRacy()) {
      tasks.add(TaskSnapshot.of(t, now));
    }
    tasks.sort(java.util.Comparator.comparingLong(TaskSnapshot::id));
    Task<?> running = stats.running();
    long runningFor = running == null ? 0 : Math.max(0, now - stats.stepStartedAt());
    return new LoopSnapshot(loop, loop.name(), loop.backend().name().toLowerCase(), loop.stateName(),
        onLoop, stats.runNanos(), stats.idleNanos(), stats.steps, stats.delayHistogram(),
        running, runningFor, tasks);
  }

  /** The task of this loop with {@code id}, or null. */
  TaskSnapshot task(long id) {
    for (TaskSnapshot t : tasks) {
      if (t.id() == id) {
        return t;
      }
    }
    return null;
  }
}
