package dev.jasyncio;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * A profile being taken on one loop ({@link Async#profile}): the loop's accounting
 * ({@link TaskStats}) read per task at each stage change and at the end, attributed to the task's
 * stage or name, plus two things the accounting does not tell apart: a sampler thread that looks
 * at the task running on the loop every millisecond and tells running code from a blocking call
 * (a parked, sleeping or waiting thread, or one inside a JDK I/O native), and the offloaded spans
 * by kind (toThread is I/O, onCpu CPU). Loop-only except {@link #offloaded} and the sampler.
 */
final class Profiler {
  /** The stage label of {@link Async#stage}; tasks created inside a stage inherit it. */
  static final ContextVar<String> STAGE = new ContextVar<>("jasyncio.stage", null);
  private static final long SAMPLE_NANOS = 1_000_000L;
  private static final WaitKind[] KINDS = WaitKind.values();

  private final Loop loop;
  private final long startedAt = System.nanoTime();
  /** Each task's counters when they were last attributed: running, ready, suspended by kind. */
  private final Map<Task<?>, long[]> attributed = new IdentityHashMap<>();
  private final Map<String, long[]> rows = new LinkedHashMap<>();
  private final Map<String, Set<Long>> rowTasks = new LinkedHashMap<>();
  /** Sampler: per task, samples of [running code, blocking call]. */
  private final Map<Task<?>, AtomicLongArray> samples = new ConcurrentHashMap<>();
  /** Pool threads: per task, offloaded nanos of [I/O, CPU]. */
  private final Map<Task<?>, AtomicLongArray> offloads = new ConcurrentHashMap<>();
  private volatile boolean stopped;
  private final Thread sampler;

  private Profiler(Loop loop) {
    this.loop = loop;
    for (Task<?> t : loop.allTasks()) {
      attributed.put(t, counters(t)); // time before the profile is not its business
    }
    sampler = Thread.ofPlatform().daemon().name("jasyncio-profile-sampler").start(this::sample);
  }

  /** Runs {@code body} in the calling task with a profile of its loop; the report. */
  static ProfileReport profile(ThrowingRunnable body) {
    Task<?> me = Task.requireCurrent("Async.profile");
    Loop loop = me.loop;
    if (loop.profiler != null) {
      throw new IllegalStateException("Async.profile: loop '" + loop.name() + "' is being profiled already");
    }
    Profiler p = new Profiler(loop);
    loop.profiler = p;
    try {
      body.run();
    } catch (Throwable t) {
      throw Exceptions.rethrow(t);
    } finally {
      loop.profiler = null;
      p.stopped = true;
      LockSupport.unpark(p.sampler);
    }
    return p.report();
  }

  /**
   * {@code main} as {@code Async.run} runs it: profiled, with the report written to the file
   * {@code -Djasyncio.profile=FILE} names (FILE.txt and FILE.html), if it is set.
   */
  static <T> Callable<T> fromProperty(Callable<T> main) {
    String file = System.getProperty("jasyncio.profile");
    if (file == null || file.isBlank()) {
      return main;
    }
    Path base = Path.of(file);
    return () -> {
      Object[] result = new Object[1];
      ProfileReport r = profile(() -> result[0] = main.call());
      r.write(base);
      @SuppressWarnings("unchecked")
      T t = (T) result[0];
      return t;
    };
  }

  /** Runs {@code body} with the calling task in stage {@code name}. */
  static <T> T stage(String name, Callable<T> body) {
    Task<?> me = Task.requireCurrent("Async.stage");
    Profiler p = me.loop.profiler;
    if (p != null) {
      p.attribute(me); // what came before belongs to the stage it was in
    }
    ContextVar.Token<String> token = STAGE.set(name);
    try {
      return body.call();
    } catch (Throwable t) {
      throw Exceptions.rethrow(t);
    } finally {
      p = me.loop.profiler; // the profile may have ended inside
      if (p != null) {
        p.attribute(me);
      }
      STAGE.reset(token);
    }
  }

  /** On the task's thread as it ends (before it leaves the loop): its last time. */
  void taskEnded(Task<?> t) {
    attribute(t);
    attributed.remove(t);
  }

  /** On a pool thread: {@code nanos} of offloaded work for {@code task}. */
  void offloaded(Task<?> task, String kind, long nanos) {
    boolean cpu = kind.equals("onCpu") || kind.equals("runInExecutor");
    offloads.computeIfAbsent(task, k -> new AtomicLongArray(2)).addAndGet(cpu ? 1 : 0, nanos);
  }

  /** The accounting's counters of {@code t} now. */
  private static long[] counters(Task<?> t) {
    long now = CoarseClock.now();
    TaskStep s = t.step;
    long[] c = new long[2 + KINDS.length];
    if (s == null) {
      return c;
    }
    c[0] = s.runningNanos(now);
    c[1] = s.readyNanos(now);
    for (WaitKind k : KINDS) {
      c[2 + k.ordinal()] = s.suspendedNanos(k, now);
    }
    return c;
  }

  /** Adds what {@code t} did since it was last attributed to its row. */
  private void attribute(Task<?> t) {
    long[] now = counters(t);
    long[] before = attributed.put(t, now);
    long[] d = new long[now.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.max(0, now[i] - (before == null ? 0 : before[i]));
    }
    String stage = STAGE.valueIn(t);
    String key = stage != null ? stage : rowName(t.getName());
    long[] row = rows.computeIfAbsent(key, k -> new long[ProfileReport.Bucket.values().length]);
    rowTasks.computeIfAbsent(key, k -> new HashSet<>()).add(t.id());

    AtomicLongArray s = samples.get(t);
    long run = s == null ? 0 : s.getAndSet(0, 0);
    long blocked = s == null ? 0 : s.getAndSet(1, 0);
    long blocking = run + blocked == 0 ? 0 : d[0] * blocked / (run + blocked);
    AtomicLongArray o = offloads.get(t);
    long offIo = o == null ? 0 : o.getAndSet(0, 0);
    long offCpu = o == null ? 0 : o.getAndSet(1, 0);
    long offloaded = d[2 + WaitKind.OFFLOADED.ordinal()];
    long cpu = offIo + offCpu == 0 ? 0 : offloaded * offCpu / (offIo + offCpu);

    row[ProfileReport.Bucket.RUNNING.ordinal()] += d[0] - blocking;
    row[ProfileReport.Bucket.BLOCKING.ordinal()] += blocking;
    row[ProfileReport.Bucket.READY.ordinal()] += d[1];
    // a JDK call that parks the task (OTHER) is a library's socket I/O on the carrier backend
    row[ProfileReport.Bucket.IO_WAIT.ordinal()] += d[2 + WaitKind.SLEEP.ordinal()] + d[2 + WaitKind.IO.ordinal()]
        + d[2 + WaitKind.OTHER.ordinal()] + offloaded - cpu;
    row[ProfileReport.Bucket.OFFLOADED_CPU.ordinal()] += cpu;
    row[ProfileReport.Bucket.OTHER_TASKS.ordinal()] += d[2 + WaitKind.PRIMITIVE.ordinal()];
  }

  /** A task name with its trailing number folded: fetch-1 and fetch-2 are one row, fetch-N. */
  static String rowName(String taskName) {
    return taskName.matches("\\d+") ? "<number>" : taskName.replaceFirst("\\d+$", "N");
  }

  private ProfileReport report() {
    for (Task<?> t : new ArrayList<>(attributed.keySet())) {
      attribute(t); // tasks still alive: their time up to now
    }
    List<ProfileReport.Row> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : rows.entrySet()) {
      EnumMap<ProfileReport.Bucket, Long> m = new EnumMap<>(ProfileReport.Bucket.class);
      for (ProfileReport.Bucket b : ProfileReport.Bucket.values()) {
        m.put(b, e.getValue()[b.ordinal()]);
      }
      out.add(new ProfileReport.Row(e.getKey(), rowTasks.get(e.getKey()).size(), m));
    }
    return new ProfileReport(Duration.ofNanos(System.nanoTime() - startedAt), out);
  }

  // ---------------------------------------------------------------------------------------------
  // The sampler thread

  private void sample() {
    while (!stopped) {
      LockSupport.parkNanos(SAMPLE_NANOS);
      Task<?> t = loop.scheduler.stats.running();
      Thread th = t == null ? null : t.thread;
      if (th == null) {
        continue;
      }
      boolean blocking = switch (th.getState()) {
        case BLOCKED, WAITING, TIMED_WAITING -> true;
        case RUNNABLE -> inBlockingNative(th.getStackTrace());
        default -> false;
      };
      if (t == loop.scheduler.stats.running()) { // still the same step's task
        samples.computeIfAbsent(t, k -> new AtomicLongArray(2)).incrementAndGet(blocking ? 1 : 0);
      }
    }
  }

  /** Whether a runnable thread is inside a JDK native that waits: file or socket I/O, a wait. */
  private static boolean inBlockingNative(StackTraceElement[] stack) {
    if (stack.length == 0 || !stack[0].isNativeMethod()) {
      return false;
    }
    String c = stack[0].getClassName();
    return c.startsWith("java.io.") || c.startsWith("sun.nio.") || c.startsWith("java.net.")
        || c.startsWith("sun.net.") || c.startsWith("java.lang.Process") || c.equals("jdk.internal.misc.Unsafe");
  }
}
