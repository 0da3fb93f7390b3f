package dev.jasyncio;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task monitor's commands, one connection's worth (it remembers the last {@code top} to show
 * rates). Each command returns the lines of its answer; a bad command returns one line
 * {@code ERR name: message}. Nothing here changes a loop except {@code cancel}, which goes
 * through the task's thread-safe cancel.
 */
final class MonitorCommands {
  static final String HELP = """
      commands:
        ps                 every task: id, name, state, what it waits on, age, times, steps, origin
        where ID           the task's live stack (ID, or LOOP:ID with several loops)
        cancel ID [MSG]    cancel the task, with an optional message
        loops              each loop: backend, state, busy and idle time, scheduling delays
        resources          each lock, semaphore, condition, event, queue... with waiting tasks
        deadlocks          tasks that wait on each other in a cycle
        top [N]            the N busiest tasks (default 10), with rates since the last top
        help               this list
        quit               end the session""";

  private final List<Loop> loops;
  private final Map<String, long[]> lastTop = new HashMap<>();
  private long lastTopAt;

  MonitorCommands(List<Loop> loops) {
    this.loops = loops;
  }

  List<String> run(String line) {
    String[] words = line.strip().split("\\s+", 3);
    String cmd = words[0];
    return switch (cmd) {
      case "" -> List.of();
      case "help" -> List.of(HELP.split("\n"));
      case "ps" -> noArguments(words, this::ps);
      case "loops" -> noArguments(words, this::loops);
      case "resources" -> noArguments(words, this::resources);
      case "deadlocks" -> noArguments(words, this::deadlocks);
      case "where" -> words.length == 2 ? where(words[1])
          : malformed("'where' takes one task id: where ID");
      case "cancel" -> words.length >= 2 ? cancel(words[1], words.length == 3 ? words[2] : null)
          : malformed("'cancel' takes a task id and an optional message: cancel ID [MSG]");
      case "top" -> top(words);
      default -> List.of("ERR unknown-command: '" + cmd + "'; commands: ps, where ID, cancel ID [MSG],"
          + " loops, resources, deadlocks, top [N], help, quit");
    };
  }

  private static List<String> noArguments(String[] words, java.util.function.Supplier<List<String>> body) {
    return words.length == 1 ? body.get() : malformed("'" + words[0] + "' takes no arguments");
  }

  private static List<String> malformed(String message) {
    return List.of("ERR malformed-command: " + message);
  }

  // ---------------------------------------------------------------------------------------------

  private List<String> ps() {
    List<String> out = new ArrayList<>();
    for (Loop loop : loops) {
      LoopSnapshot s = LoopSnapshot.take(loop);
      out.add(header(s));
      out.add(String.format("%-5s %-24s %-16s %-52s %8s %8s %8s %8s %6s  %s", "ID", "TASK", "STATE",
          "WAITS ON", "AGE", "RUN", "READY", "SUSP", "STEPS", "CREATED AT"));
      Map<Long, List<TaskSnapshot>> children = new HashMap<>();
      List<TaskSnapshot> roots = new ArrayList<>();
      for (TaskSnapshot t : s.tasks()) {
        if (t.parentId() != 0 && s.task(t.parentId()) != null) {
          children.computeIfAbsent(t.parentId(), k -> new ArrayList<>()).add(t);
        } else {
          roots.add(t);
        }
      }
      for (TaskSnapshot t : roots) {
        tree(out, s, t, 0, children);
      }
    }
    return out;
  }

  private static void tree(List<String> out, LoopSnapshot s, TaskSnapshot t, int depth,
      Map<Long, List<TaskSnapshot>> children) {
    String state = t.task() == s.running() ? "running" : t.state();
    String wait = t.waitingOn() == null ? "" : t.waitingOn().description();
    out.add(String.format("%-5d %-24s %-16s %-52s %8s %8s %8s %8s %6d  %s", t.id(),
        cut("  ".repeat(depth) + t.name(), 24), cut(state, 16), cut(wait, 52), time(t.ageNanos()),
        time(t.runningNanos()), time(t.readyNanos()), time(t.suspendedTotal()), t.steps(), t.createdAt()));
    for (TaskSnapshot c : children.getOrDefault(t.id(), List.of())) {
      tree(out, s, c, depth + 1, children);
    }
  }

  private static String header(LoopSnapshot s) {
    StringBuilder b = new StringBuilder("loop '").append(s.name()).append("' (").append(s.backend())
        .append(", ").append(s.state()).append("): ").append(s.tasks().size()).append(" tasks");
    if (s.running() != null) {
      b.append("; running now: task ").append(s.running().id).append(" '").append(s.running().getName())
          .append("' for ").append(time(s.runningForNanos()));
    }
    if (!s.onLoop() && s.state().equals("running")) {
      b.append(" [the loop did not answer within ").append(LoopSnapshot.ASK_LOOP_MILLIS)
          .append(" ms: read from outside]");
    }
    return b.toString();
  }

  private List<String> loops() {
    List<String> out = new ArrayList<>();
    for (Loop loop : loops) {
      LoopSnapshot s = LoopSnapshot.take(loop);
      out.add(header(s));
      long busy = Math.max(0, s.runNanos() - s.idleNanos());
      out.add(String.format("  ran %s: busy %s (%.0f%%), idle %s; %d steps", time(s.runNanos()),
          time(busy), s.runNanos() == 0 ? 0.0 : 100.0 * busy / s.runNanos(), time(s.idleNanos()), s.steps()));
      StringBuilder h = new StringBuilder("  scheduling delay:");
      long[] hist = s.delayHistogram();
      for (int b = 0; b < hist.length; b++) {
        if (hist[b] > 0) {
          h.append(' ').append(b == 0 ? "<1us" : "<" + time(1024L << (b - 1) << 1)).append(": ").append(hist[b]);
        }
      }
      out.add(h.toString());
    }
    return out;
  }

  private List<String> resources() {
    List<String> out = new ArrayList<>();
    for (Loop loop : loops) {
      LoopSnapshot s = LoopSnapshot.take(loop);
      out.add(header(s));
      Map<Identity, List<TaskSnapshot>> byResource = new LinkedHashMap<>();
      for (TaskSnapshot t : s.tasks()) {
        CurrentWait w = t.waitingOn();
        if (w == null || w.resource() == null || w.kind() == WaitKind.SLEEP) {
          continue;
        }
        byResource.computeIfAbsent(new Identity(w.resource()), k -> new ArrayList<>()).add(t);
      }
      if (byResource.isEmpty()) {
        out.add("  no task waits on a resource");
      }
      for (Map.Entry<Identity, List<TaskSnapshot>> e : byResource.entrySet()) {
        Object r = e.getKey().object();
        CurrentWait w = e.getValue().get(0).waitingOn();
        StringBuilder b = new StringBuilder("  ").append(w.kind() == WaitKind.PRIMITIVE
            ? CurrentWait.describe(r) : w.what() + " (" + CurrentWait.describe(r) + ")");
        if (r instanceof Lock l) {
          Task<?> h = l.gate.holder;
          b.append(h == null ? ", held by no task" : ", held by task " + h.id + " '" + h.getName() + "'");
        }
        out.add(b.toString());
        for (TaskSnapshot t : e.getValue()) {
          out.add("    waiting: task " + t.id() + " '" + t.name() + "' in " + t.waitingOn().what()
              + " for " + time(t.waitingForNanos()));
        }
      }
      deadlockLines(out, loop);
    }
    return out;
  }

  private List<String> deadlocks() {
    List<String> out = new ArrayList<>();
    for (Loop loop : loops) {
      out.add("loop '" + loop.name() + "':");
      if (!deadlockLines(out, loop)) {
        out.add("  no deadlock");
      }
    }
    return out;
  }

  private static boolean deadlockLines(List<String> out, Loop loop) {
    List<List<Task<?>>> cycles = Deadlocks.find(loop.liveTasksRacy());
    for (List<Task<?>> c : cycles) {
      out.add("  " + Deadlocks.describe(c));
    }
    return !cycles.isEmpty();
  }

  private List<String> where(String ref) {
    Object found = find(ref);
    if (found instanceof String error) {
      return List.of(error);
    }
    Task<?> t = (Task<?>) found;
    List<String> out = new ArrayList<>();
    CurrentWait w = CurrentWait.of(t);
    String state = t.loop.scheduler.stats.running() == t ? "running on the loop"
        : w != null ? "waiting: " + w.description() : TaskSnapshot.of(t, CoarseClock.now()).state();
    out.add("task " + t.id + " '" + t.getName() + "' of loop '" + t.loop.name() + "' (" + state + "):");
    StackTraceElement[] stack = t.stack();
    if (stack.length == 0) {
      out.add("  (no stack: the task has not started, or has ended)");
    }
    for (StackTraceElement e : stack) {
      out.add("  at " + e);
    }
    return out;
  }

  private List<String> cancel(String ref, String message) {
    Object found = find(ref);
    if (found instanceof String error) {
      return List.of(error);
    }
    Task<?> t = (Task<?>) found;
    if (!t.cancel(message)) {
      return List.of("ERR task-done: task " + t.id + " '" + t.getName() + "' has already finished");
    }
    return List.of("OK cancel requested: task " + t.id + " '" + t.getName() + "'"
        + (message == null ? "" : " (message: " + message + ")"));
  }

  private List<String> top(String[] words) {
    int n = 10;
    if (words.length > 2 || (words.length == 2 && !words[1].matches("[1-9][0-9]{0,5}"))) {
      return malformed("'top' takes an optional count of tasks: top [N]");
    }
    if (words.length == 2) {
      n = Integer.parseInt(words[1]);
    }
    long now = System.nanoTime();
    double seconds = lastTopAt == 0 ? 0 : (now - lastTopAt) / 1e9;
    lastTopAt = now;
    List<String> out = new ArrayList<>();
    List<Object[]> rows = new ArrayList<>(); // snapshot, run since last, steps since last
    for (Loop loop : loops) {
      LoopSnapshot s = LoopSnapshot.take(loop);
      out.add(header(s));
      for (TaskSnapshot t : s.tasks()) {
        String key = loop.name() + ":" + t.id();
        long[] before = lastTop.put(key, new long[] {t.runningNanos(), t.steps()});
        long run = before == null ? t.runningNanos() : t.runningNanos() - before[0];
        long steps = before == null ? t.steps() : t.steps() - before[1];
        rows.add(new Object[] {t, run, steps, s});
      }
    }
    rows.sort(Comparator.comparingLong((Object[] r) -> (long) r[1]).reversed());
    out.add(String.format("%-5s %-26s %-20s %10s %8s %10s %9s", "ID", "TASK", "STATE",
        seconds == 0 ? "RUN" : "RUN/S", "LOOP%", "STEPS" + (seconds == 0 ? "" : "/S"), "READY"));
    for (Object[] r : rows.subList(0, Math.min(n, rows.size()))) {
      TaskSnapshot t = (TaskSnapshot) r[0];
      LoopSnapshot s = (LoopSnapshot) r[3];
      long run = (long) r[1];
      long steps = (long) r[2];
      String share = seconds == 0 ? "" : String.format("%.0f%%", 100.0 * run / (seconds * 1e9));
      out.add(String.format("%-5d %-26s %-20s %10s %8s %10s %9s", t.id(), cut(t.name(), 26),
          cut(t.task() == s.running() ? "running" : t.state(), 20),
          seconds == 0 ? time(run) : time((long) (run / seconds)), share,
          seconds == 0 ? String.valueOf(steps) : String.format("%.0f", steps / seconds),
          time(t.readyNanos())));
    }
    return out;
  }

  /** The task {@code ref} names ("ID" or "LOOP:ID"), or the error line saying why there is none. */
  private Object find(String ref) {
    int colon = ref.lastIndexOf(':');
    String loopName = colon < 0 ? null : ref.substring(0, colon);
    String idText = ref.substring(colon + 1);
    if (!idText.matches("[0-9]{1,18}")) {
      return "ERR malformed-command: '" + ref + "' is not a task id (a number, or LOOP:NUMBER)";
    }
    long id = Long.parseLong(idText);
    List<Task<?>> matches = new ArrayList<>();
    for (Loop loop : loops) {
      if (loopName != null && !loop.name().equals(loopName)) {
        continue;
      }
      for (Task<?> t : loop.liveTasksRacy()) {
        if (t.id == id) {
          matches.add(t);
        }
      }
    }
    if (matches.isEmpty()) {
      return "ERR no-such-task: no live task " + ref + (loopName == null && loops.size() > 1
          ? " in any loop" : "") + " (see ps)";
    }
    if (matches.size() > 1) {
      return "ERR ambiguous-task: " + matches.size() + " loops have a task " + id
          + "; name the loop: LOOP:" + id;
    }
    return matches.get(0);
  }

  static String time(long nanos) {
    if (nanos <= 0) {
      return "0";
    }
    if (nanos < 1_000_000) {
      return (nanos + 500) / 1000 + "us";
    }
    if (nanos < 1_000_000_000) {
      return String.format("%.1fms", nanos / 1e6);
    }
    if (nanos < 60_000_000_000L) {
      return String.format("%.2fs", nanos / 1e9);
    }
    long s = nanos / 1_000_000_000L;
    return s < 3600 ? s / 60 + "m" + s % 60 + "s" : s / 3600 + "h" + s % 3600 / 60 + "m";
  }

  private static String cut(String s, int width) {
    return s.length() <= width ? s : s.substring(0, width - 1) + "~";
  }

  /** A key that compares by identity, for resources whose own equals might not. */
  private record Identity(Object object) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Identity i && i.object == object;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(object);
    }
  }
}
