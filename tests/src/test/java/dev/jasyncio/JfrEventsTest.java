package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * The JFR events: a recording around a small program, dumped and read back, has each kind with
 * the right fields.
 */
class JfrEventsTest {
  private static final List<String> KINDS = List.of("jasyncio.TaskStart", "jasyncio.TaskEnd",
      "jasyncio.CancelRequest", "jasyncio.SlowStep", "jasyncio.LoopStall", "jasyncio.Offload");

  private static void spin(long millis) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      Thread.onSpinWait();
    }
  }

  /** Runs a small program with every kind of event inside a recording; its events, by loop. */
  private static List<RecordedEvent> record(String loopName) throws Exception {
    Path file = Files.createTempFile("jasyncio-", ".jfr");
    try (Recording r = new Recording()) {
      for (String k : KINDS) {
        r.enable(k); // TaskStart and TaskEnd are off by default
      }
      r.start();
      try (Loop loop = Loop.builder().name(loopName).clock(Clock.virtual())
          .slowCallbackDuration(Duration.ofMillis(100)).exceptionHandler((l, c) -> { }).build()) {
        loop.runUntilComplete(() -> {
          Async.createTask(() -> 42, "ok").await();
          // a callback runs on the loop's own thread, where the carrier backend relays events
          Promise<Task<Integer>> fromCallback = Async.currentLoop().createPromise();
          Async.currentLoop().callSoon(() -> fromCallback.setResult(Async.currentLoop().createTask(() -> 7, "from-callback")));
          fromCallback.await().await();
          Task<Void> boom = Async.createTask(() -> {
            throw new IllegalStateException("boom");
          }, "boom");
          assertThatThrownBy(boom::await).hasMessage("boom");
          Task<Void> victim = Async.createTask(() -> Async.sleep(Duration.ofSeconds(10)), "victim");
          Async.sleep(0);
          victim.cancel("enough");
          assertThatThrownBy(victim::await).isInstanceOf(CancelledException.class);
          Async.createTask(() -> spin(700), "spinner").await();
          Async.createTask(() -> {
            Async.toThread(() -> Thread.sleep(20));
            Async.onCpu(() -> spin(20));
            Async.blocking(() -> Thread.sleep(20));
          }, "offloader").await();
        });
      }
      r.stop();
      r.dump(file);
    }
    try {
      return RecordingFile.readAllEvents(file).stream()
          .filter(e -> e.hasField("loop") && loopName.equals(e.getString("loop"))).toList();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static List<RecordedEvent> of(List<RecordedEvent> events, String kind) {
    return events.stream().filter(e -> e.getEventType().getName().equals(kind)).toList();
  }

  private static RecordedEvent named(List<RecordedEvent> events, String kind, String task) {
    return of(events, kind).stream().filter(e -> e.getString("taskName").equals(task)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " for " + task + " in " + of(events, kind)));
  }

  @Test
  void aRecordingHasEveryKindOfEventWithItsFields() throws Exception {
    String loopName = "jfr-" + Backend.defaultBackend().name().toLowerCase();
    List<RecordedEvent> events = record(loopName);

    assertThat(of(events, "jasyncio.TaskStart")).extracting(e -> e.getString("taskName"))
        .contains("Task-1", "ok", "from-callback", "boom", "victim", "spinner", "offloader");
    RecordedEvent okStart = named(events, "jasyncio.TaskStart", "ok");
    RecordedEvent okEnd = named(events, "jasyncio.TaskEnd", "ok");
    assertThat(okStart.getLong("taskId")).isPositive().isEqualTo(okEnd.getLong("taskId"));
    assertThat(okEnd.getString("outcome")).isEqualTo("result");
    assertThat(named(events, "jasyncio.TaskEnd", "boom").getString("outcome")).isEqualTo("failed");
    assertThat(named(events, "jasyncio.TaskEnd", "victim").getString("outcome")).isEqualTo("cancelled");

    RecordedEvent cancel = named(events, "jasyncio.CancelRequest", "victim");
    assertThat(cancel.getString("message")).isEqualTo("enough");
    assertThat(cancel.getString("requestedBy")).isEqualTo("task 'Task-1'");
    assertThat(cancel.getStackTrace().getFrames()).anySatisfy(f ->
        assertThat(f.getMethod().getType().getName()).isEqualTo(JfrEventsTest.class.getName()));

    RecordedEvent slow = named(events, "jasyncio.SlowStep", "task 'spinner'");
    assertThat(slow.getDuration("stepDuration")).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(slow.getDuration("slowThreshold")).isEqualTo(Duration.ofMillis(100));
    assertThat(slow.getString("stuckAt")).contains("JfrEventsTest.spin");
    assertThat(slow.getLong("taskId")).isEqualTo(named(events, "jasyncio.TaskStart", "spinner").getLong("taskId"));

    RecordedEvent stall = named(events, "jasyncio.LoopStall", "task 'spinner'");
    assertThat(stall.getDuration("stalledFor")).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(stall.getString("stuckAt")).contains("JfrEventsTest.spin");
    assertThat(stall.getStartTime()).isBefore(slow.getStartTime()); // seen while still stuck

    List<RecordedEvent> offloads = of(events, "jasyncio.Offload").stream()
        .sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime)).toList(); // files group by thread
    assertThat(offloads).extracting(e -> e.getString("kind")).containsExactly("toThread", "onCpu", "blocking");
    assertThat(offloads).allSatisfy(e -> {
      assertThat(e.getString("taskName")).isEqualTo("offloader");
      assertThat(e.getBoolean("failed")).isFalse();
      assertThat(e.getDuration()).isPositive();
    });
    assertThat(offloads.get(1).getThread().getJavaName()).startsWith("jasyncio-cpu-");
  }

  /** A program that uses every emit site, without a recording: run as a child JVM below. */
  public static final class WithoutARecording {
    public static void main(String[] args) {
      try (Loop loop = Loop.builder().slowCallbackDuration(Duration.ofMillis(50))
          .exceptionHandler((l, c) -> { }).build()) {
        loop.runUntilComplete(() -> {
          Async.createTask(() -> 42).await();
          Task<Void> victim = Async.createTask(() -> Async.sleep(10));
          Async.sleep(0);
          victim.cancel("enough");
          assertThatThrownBy(victim::await).isInstanceOf(CancelledException.class);
          Async.createTask(() -> spin(300)).await(); // a slow step and a stall
          Async.toThread(() -> 1);
          Async.blocking(() -> 1);
          return null;
        });
      }
      System.out.println("jfr initialized: " + jdk.jfr.FlightRecorder.isInitialized());
    }
  }

  @Test
  void withoutARecordingNoEventClassIsLoadedNorJfrOrTheLoggerInitialized() throws Exception {
    // loading an event class initializes JFR's metadata, ~0.7 MB of heap for the JVM's life; a
    // logger lookup opens every jar on the class path: a program that uses neither pays for neither
    List<String> flags = new ArrayList<>(ChildJvm.backendFlags());
    flags.add("-Xlog:class+load=info");
    ChildJvm.Result child = ChildJvm.run(flags, WithoutARecording.class.getName());
    String out = child.out();
    assertThat(child.exitValue()).as(out).isZero();
    assertThat(out).contains("jfr initialized: false")
        .contains("dev.jasyncio.LoopWatchdog") // the watchdog ran: its events were due
        .doesNotContain("jdk.jfr.internal.MetadataRepository")
        .doesNotContain("System$LoggerFinder ");
    for (String k : List.of("TaskStartEvent", "TaskEndEvent", "CancelRequestEvent", "SlowStepEvent",
        "LoopStallEvent", "OffloadEvent")) {
      assertThat(out).doesNotContain("dev.jasyncio." + k + " ");
    }
  }
}
