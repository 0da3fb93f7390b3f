package dev.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jasyncio.io.Connection;
import dev.jasyncio.io.Streams;
import dev.jasyncio.monitor.MonitorClient;
import dev.jasyncio.monitor.TokenFile;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The task monitor through its real client over its real socket: a loop with tasks waiting on a
 * lock, a queue and a socket, then the same while a task spins on the loop; refusals; deadlocks.
 */
class MonitorTest {
  private final List<ExceptionContext> reports = TestLoops.list();
  private Loop loop;
  private Thread runner;
  private final Event stop = new Event();
  private ServerSocket peer;
  private Socket peerSide;
  private volatile boolean spinning;

  private Task<?> holder;
  private Task<?> waiter;
  private Task<?> getter;
  private Task<?> reader;
  private Lock lock;
  private Queue<String> queue;

  @BeforeEach
  void startALoopWithWaitingTasks() throws Exception {
    peer = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
    loop = Loop.builder().name("monitored").monitor(0).exceptionHandler((l, c) -> reports.add(c)).build();
    lock = new Lock();
    queue = new Queue<>();
    Task<?>[] made = new Task<?>[4];
    runner = Thread.ofPlatform().name("monitored-loop").start(() -> loop.runUntilComplete(() -> {
      Event never = new Event();
      made[0] = Async.createTask(() -> {
        try (var held = lock.acquire()) {
          never.await();
        }
      }, "holder");
      made[1] = Async.createTask(() -> lock.withLock(() -> null), "waiter");
      made[2] = Async.createTask(queue::get, "getter");
      made[3] = Async.createTask(() -> {
        try (Connection c = Streams.openConnection("127.0.0.1", peer.getLocalPort())) {
          return c.reader().readline();
        }
      }, "reader");
      stop.await();
      for (Task<?> t : made) {
        t.cancel();
      }
      return null;
    }));
    peerSide = peer.accept();
    eventually(() -> made[3] != null && CurrentWait.of(made[3]) != null
        && CurrentWait.of(made[0]) != null && CurrentWait.of(made[1]) != null
        && CurrentWait.of(made[2]) != null);
    holder = made[0];
    waiter = made[1];
    getter = made[2];
    reader = made[3];
  }

  @AfterEach
  void stopTheLoop() throws Exception {
    spinning = false;
    loop.callSoonThreadsafe(stop::set);
    runner.join(TimeUnit.SECONDS.toMillis(20));
    assertThat(runner.isAlive()).as("the loop ended").isFalse();
    int port = loop.taskMonitor.port();
    Path token = loop.taskMonitor.tokenFile();
    loop.close();
    assertThat(token).as("the token file goes with the monitor").doesNotExist();
    assertThat(port).isPositive();
    peerSide.close();
    peer.close();
  }

  @Test
  void psWhereResourcesAndCancelAnswerThroughTheClient() throws Exception {
    Reply ps = client("ps");
    assertThat(ps.status).as(ps.err).isZero();
    assertThat(ps.out).contains("loop 'monitored' (" + loop.backend().name().toLowerCase() + ", running)");
    assertThat(line(ps.out, "waiter")).contains("suspended").contains("Lock.acquire on Lock@")
        .contains("MonitorTest");
    assertThat(line(ps.out, "getter")).contains("Queue.get on Queue@");
    assertThat(line(ps.out, "reader")).contains("socket I/O");
    assertThat(line(ps.out, "holder")).contains("Event.wait on Event@");
    assertThat(ps.out).contains("ID", "STATE", "WAITS ON", "AGE", "RUN", "READY", "SUSP", "STEPS", "CREATED AT");
    // the task tree: the tasks main created are indented under it
    assertThat(ps.out).containsPattern("\\n" + getter.id + " +  getter");

    Reply where = client("where", String.valueOf(getter.id));
    assertThat(where.out).startsWith("task " + getter.id + " 'getter' of loop 'monitored' (waiting: Queue.get on Queue@")
        .contains("at dev.jasyncio.Queue.get(");

    Reply resources = client("resources");
    assertThat(resources.out)
        .containsPattern("Lock@[0-9a-f]+\\[locked, waiters=1\\], held by task " + holder.id + " 'holder'")
        .contains("waiting: task " + waiter.id + " 'waiter' in Lock.acquire")
        .contains("waiting: task " + getter.id + " 'getter' in Queue.get")
        .contains("waiting: task " + reader.id + " 'reader' in socket I/O");

    Reply cancel = client("cancel", String.valueOf(getter.id), "from", "the", "monitor");
    assertThat(cancel.out).contains("OK cancel requested: task " + getter.id + " 'getter' (message: from the monitor)");
    eventually(getter::isDone);
    assertThat(getter.isCancelled()).isTrue();
    assertThatThrownBy(getter::result).isInstanceOf(CancelledException.class).hasMessage("from the monitor");
    Reply again = client("cancel", String.valueOf(getter.id));
    assertThat(again.status).isEqualTo(1);
    assertThat(again.err).contains("ERR no-such-task: no live task " + getter.id);
    // nothing was lost: the queue still takes and gives items
    loop.submit(() -> queue.putNowait("after")).get(10, TimeUnit.SECONDS);
    assertThat(loop.submit(queue::get).get(10, TimeUnit.SECONDS)).isEqualTo("after");
    assertThat(client("loops").out).contains("busy").contains("idle").contains("scheduling delay:");
    assertThat(reports).isEmpty();
  }

  @Test
  void theMonitorAnswersWhileATaskSpinsOnTheLoopAndNamesIt() throws Exception {
    spinning = true;
    Task<?> spinner = loop.submit(() -> Async.createTask(() -> {
      spin();
      return null;
    }, "spinner")).get(10, TimeUnit.SECONDS);
    eventually(() -> loop.scheduler.stats.running() == spinner);
    Reply ps = client("ps");
    assertThat(ps.out).contains("running now: task " + spinner.id + " 'spinner' for")
        .contains("the loop did not answer");
    assertThat(line(ps.out, "spinner")).contains("running");
    assertThat(line(ps.out, "waiter")).contains("Lock.acquire");
    Reply where = client("where", String.valueOf(spinner.id));
    assertThat(where.out).contains("(running on the loop)").contains("MonitorTest.spin(");
    assertThat(client("resources").out).contains("'getter' in Queue.get");
    assertThat(client("top", "3").out).contains("spinner");
    // a cancel while the loop is held is delivered when the loop gets to it
    assertThat(client("cancel", String.valueOf(getter.id)).out).contains("OK cancel requested");
    spinning = false;
    eventually(getter::isCancelled);
  }

  @Test
  void theRealLauncherClientRunsAsAProcess() throws Exception {
    ChildJvm.Result client = ChildJvm.run(List.of(), "dev.jasyncio.monitor.MonitorClient",
        String.valueOf(loop.taskMonitor.port()), "ps");
    String out = client.out();
    assertThat(client.exitValue()).as(out).isZero();
    assertThat(line(out, "getter")).contains("Queue.get");
  }

  @Test
  void theTokenFileIsTheUsersAloneAndNamedInTheLog() throws Exception {
    Path f = loop.taskMonitor.tokenFile();
    assertThat(f).isEqualTo(TokenFile.forPort(loop.taskMonitor.port()));
    if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(f))
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  void aMissingOrWrongTokenIsRefusedAndTheLoopGoesOn() throws Exception {
    assertThat(raw(List.of("ps"))).startsWith("ERR missing-token: send 'token TOKEN' first");
    assertThat(raw(List.of("token nope", "ps"))).startsWith("ERR wrong-token");
    Reply wrong = client("--token", "nope", "ps");
    assertThat(wrong.status).isEqualTo(2);
    assertThat(wrong.err).contains("ERR wrong-token");
    Reply noFile = client("--token-file", "/nonexistent/token", "ps");
    assertThat(noFile.status).isEqualTo(2);
    assertThat(client("ps").status).isZero();
    assertThat(getter.isDone()).isFalse();
  }

  @Test
  void malformedCommandsGetNamedErrorsAndTheSessionAndLoopGoOn() throws Exception {
    String token = TokenFile.read(loop.taskMonitor.tokenFile());
    String answers = raw(List.of("token " + token, "where", "where abc", "frobnicate", "top x",
        "ps now", "cancel", "where 99999", "x".repeat(5000), "ps"));
    assertThat(answers)
        .contains("ERR malformed-command: 'where' takes one task id")
        .contains("ERR malformed-command: 'abc' is not a task id")
        .contains("ERR unknown-command: 'frobnicate'")
        .contains("ERR malformed-command: 'top' takes an optional count")
        .contains("ERR malformed-command: 'ps' takes no arguments")
        .contains("ERR malformed-command: 'cancel' takes a task id")
        .contains("ERR no-such-task: no live task 99999")
        .contains("ERR line-too-long")
        .containsPattern("\\n" + getter.id + " +  getter +suspended"); // the last ps still answers
    Reply bad = client("where");
    assertThat(bad.status).isEqualTo(1);
    assertThat(bad.err).contains("ERR malformed-command");
    loop.submit(() -> queue.putNowait("still fine")).get(10, TimeUnit.SECONDS);
    eventually(getter::isDone);
    assertThat(getter.result()).isEqualTo("still fine");
  }

  @Test
  void aNonLoopbackBindIsRefused() {
    for (String host : List.of("0.0.0.0", "192.0.2.1", "::")) {
      assertThatThrownBy(() -> Loop.builder().monitor(host, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("monitor address '" + host + "' is not loopback");
    }
    assertThatThrownBy(() -> Loop.builder().monitor(70000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of range");
    assertThatThrownBy(() -> Loop.builder().monitor("no-such-host.invalid", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a known host");
    Loop.builder().monitor("::1", 0); // loopback in either family is fine
  }

  @Test
  void aDeadlockedPairIsReportedWithBothNamesAndTheCycle() throws Exception {
    Lock first = new Lock();
    Lock second = new Lock();
    Task<?>[] pair = loop.submit(() -> {
      Event bothHoldOne = new Event();
      Task<?> a = Async.createTask(() -> {
        try (var one = first.acquire()) {
          bothHoldOne.await();
          second.withLock(() -> null);
        }
      }, "alice");
      Task<?> b = Async.createTask(() -> {
        try (var one = second.acquire()) {
          bothHoldOne.set();
          first.withLock(() -> null);
        }
      }, "bob");
      return new Task<?>[] {a, b};
    }).get(10, TimeUnit.SECONDS);
    eventually(() -> !reports.isEmpty());
    ExceptionContext r = reports.get(0);
    String cycle = "(cycle: 'alice' -> 'bob' -> 'alice')";
    assertThat(r.message()).startsWith("deadlock: task " + pair[0].id + " 'alice' waits for Lock@")
        .contains("held by task " + pair[1].id + " 'bob'; task " + pair[1].id + " 'bob' waits for Lock@")
        .contains("held by task " + pair[0].id + " 'alice'").endsWith(cycle);
    assertThat(r.task()).isSameAs(pair[0]);
    assertThat(r.stack()).isNotEmpty();
    assertThat(client("deadlocks").out).contains("deadlock: task " + pair[0].id + " 'alice'").contains(cycle);
    assertThat(client("resources").out).contains(cycle);
    // reported once while it stands
    loop.submit(() -> Async.sleep(0.05)).get(10, TimeUnit.SECONDS);
    assertThat(reports).hasSize(1);
    for (Task<?> t : pair) {
      t.cancel();
    }
    eventually(() -> pair[0].isDone() && pair[1].isDone());
    assertThat(client("deadlocks").out).contains("no deadlock");
  }

  // ---------------------------------------------------------------------------------------------

  private void spin() {
    while (spinning) {
      Thread.onSpinWait();
    }
  }

  private record Reply(int status, String out, String err) {}

  private Reply client(String... command) {
    List<String> args = new ArrayList<>();
    args.add(String.valueOf(loop.taskMonitor.port()));
    args.addAll(List.of(command));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = MonitorClient.run(args.toArray(String[]::new), new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Reply(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Sends raw lines to the monitor and returns everything it answered until it closed or went quiet. */
  private String raw(List<String> lines) throws Exception {
    try (Socket s = new Socket("127.0.0.1", loop.taskMonitor.port())) {
      s.setSoTimeout(10_000);
      OutputStream o = s.getOutputStream();
      try {
        o.write((String.join("\n", lines) + "\nquit\n").getBytes(StandardCharsets.UTF_8));
        o.flush();
      } catch (java.net.SocketException e) {
        // the monitor refused and closed before taking every line: its answer is still there
      }
      StringBuilder b = new StringBuilder();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String l;
      try {
        while ((l = in.readLine()) != null) {
          b.append(l).append('\n');
        }
      } catch (java.net.SocketException e) {
        // the monitor closed after refusing, with our lines still unread: what came is enough
      }
      return b.toString();
    }
  }

  private static String line(String out, String taskName) {
    for (String l : out.split("\n")) {
      if (l.matches("^[0-9]+ +( )*" + taskName + " .*")) {
        return l;
      }
    }
    throw new AssertionError("no line for task '" + taskName + "' in:\n" + out);
  }

  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); // a safety net only
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("condition not met in time").isNegative();
      Thread.sleep(5);
    }
  }
}
