package dev.jasyncio;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deadlock detection: tasks of a loop that wait on each other in a cycle, each on a lock the next
 * one holds or on the next task itself, so that only tasks of the cycle could end the wait and
 * none of them can run. Locks have no owner in asyncio; {@link PermitGate#holder} records the task
 * that took one, for this check only.
 *
 * <p>The loop checks when it goes idle (with nothing ready, nothing of the cycle can move but a
 * timer or a cancellation): at most every 100 ms (or twenty times what the last check took), and only if a step ran since the last check, so
 * an idle server pays nothing; a check walks the live tasks once. Each cycle is reported once
 * through the exception handler while it stands. The task monitor's {@code deadlocks} and
 * {@code resources} commands run the same search on demand.
 */
final class Deadlocks {
  private static final long MIN_INTERVAL_NANOS = 100_000_000L;

  private final Loop loop;
  private final LoopStats stats;
  private long stepsAtLastCheck = -1;
  private long lastCheckAt;
  /** The least time between two checks: grows with what the last one cost. */
  private long interval = MIN_INTERVAL_NANOS;
  /** Cycles reported and still standing, by {@link #key}. */
  private Set<String> reported = new HashSet<>();

  Deadlocks(Loop loop, LoopStats stats) {
    this.loop = loop;
    this.stats = stats;
  }

  /** On the loop, as it goes idle; {@code forever} if nothing but the outside world can wake it. */
  void onIdle(boolean forever) {
    long now = CoarseClock.now();
    if (stats.steps == stepsAtLastCheck || (!forever && now - lastCheckAt < interval)) {
      return;
    }
    stepsAtLastCheck = stats.steps;
    long started = System.nanoTime();
    List<List<Task<?>>> cycles = find(loop.liveTasksRacy());
    // A check walks every live task: with a million of them it costs tens of milliseconds, so
    // the next one waits twenty times as long as this one took (at most 5 % of the loop).
    interval = Math.max(MIN_INTERVAL_NANOS, 20 * (System.nanoTime() - started));
    lastCheckAt = CoarseClock.now();
    Set<String> standing = new HashSet<>();
    for (List<Task<?>> cycle : cycles) {
      String key = key(cycle);
      standing.add(key);
      if (!reported.contains(key)) {
        Task<?> first = cycle.get(0);
        loop.callExceptionHandler(new ExceptionContext(describe(cycle), null, first, first.stack()));
      }
    }
    reported = standing;
  }

  /**
   * The task that alone can end {@code t}'s wait: the holder of the lock it waits for, or the task
   * it awaits. Null if it does not wait, or waits on something anyone could release.
   */
  static Task<?> blocker(Task<?> t) {
    Task<?> b = switch (CurrentWait.queueOwner(t)) {
      case Lock l -> l.gate.holder;
      case Task<?> awaited -> awaited;
      case null, default -> null;
    };
    return b == null || b == t || b.isDone() || b.loop != t.loop ? null : b;
  }

  /** Every wait-for cycle among {@code tasks}, each starting at its lowest task id. */
  static List<List<Task<?>>> find(List<Task<?>> tasks) {
    List<List<Task<?>>> cycles = new ArrayList<>();
    // each task waits on at most one other: follow each chain once, colouring what it passes
    Map<Task<?>, Integer> seenInWalk = new IdentityHashMap<>();
    int walk = 0;
    for (Task<?> start : tasks) {
      if (blocker(start) == null) {
        continue; // waits on nothing a task holds: in no cycle (and no map entry for it)
      }
      walk++;
      List<Task<?>> path = new ArrayList<>();
      Task<?> t = start;
      while (t != null && !seenInWalk.containsKey(t) && path.size() <= tasks.size()) {
        seenInWalk.put(t, walk);
        path.add(t);
        t = blocker(t);
      }
      if (t != null && seenInWalk.get(t) == walk) { // came back to this walk's own path: a cycle
        List<Task<?>> cycle = new ArrayList<>(path.subList(path.indexOf(t), path.size()));
        int lowest = 0;
        for (int i = 1; i < cycle.size(); i++) {
          if (cycle.get(i).id < cycle.get(lowest).id) {
            lowest = i;
          }
        }
        java.util.Collections.rotate(cycle, -lowest);
        cycles.add(cycle);
      }
    }
    return cycles;
  }

  /** One line naming every task of the cycle, what it waits for, and who holds that. */
  static String describe(List<Task<?>> cycle) {
    StringBuilder b = new StringBuilder("deadlock: ");
    for (int i = 0; i < cycle.size(); i++) {
      Task<?> t = cycle.get(i);
      Task<?> next = cycle.get((i + 1) % cycle.size());
      CurrentWait w = CurrentWait.of(t);
      Object r = w == null ? null : w.resource();
      if (i > 0) {
        b.append("; ");
      }
      b.append(name(t)).append(" waits for ");
      if (r instanceof Task<?>) {
        b.append(name(next));
      } else {
        b.append(r == null ? "?" : CurrentWait.describe(r)).append(" held by ").append(name(next));
      }
    }
    b.append(" (cycle: ");
    for (Task<?> t : cycle) {
      b.append("'").append(t.getName()).append("' -> ");
    }
    return b.append("'").append(cycle.get(0).getName()).append("')").toString();
  }

  private static String name(Task<?> t) {
    return "task " + t.id + " '" + t.getName() + "'";
  }

  private static String key(List<Task<?>> cycle) {
    StringBuilder b = new StringBuilder();
    for (Task<?> t : cycle) {
      b.append(System.identityHashCode(t)).append(',');
    }
    return b.toString();
  }
}
