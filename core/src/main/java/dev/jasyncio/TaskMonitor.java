package dev.jasyncio;

import dev.jasyncio.monitor.TokenFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;

/**
 * The task monitor (aiomonitor's role): a line-based text protocol on a loopback port, served
 * from its own platform threads so it answers while a task holds the loop. A connection sends
 * {@code token TOKEN} first (the token is in a file only the user can read, see
 * {@link TokenFile}); then each command line gets an answer of lines ending with a line holding a
 * single {@code .} (a line of the answer that starts with a dot gets a second one). An answer
 * that starts with {@code ERR name:} is an error of that name. Commands: {@link MonitorCommands}.
 *
 * <p>Loops asking for the same address share one monitor; it closes with the last of them.
 */
final class TaskMonitor {
  /** The system property that gives every loop a monitor: {@code PORT} or {@code HOST:PORT}. */
  static final String PROPERTY = "jasyncio.monitor";
  private static final int MAX_LINE = 4096;
  private static final int MAX_CONNECTIONS = 8;
  private static final Map<String, TaskMonitor> BY_ADDRESS = new HashMap<>();
  /**
   * The log, found when first used: every loop asks this class whether to attach a monitor, and
   * finding a logger initializes the JDK's logger lookup, which opens every jar on the class path
   * (about 1 MB of heap kept for the JVM's life) in a program that never logs.
   */
  private static System.Logger log() {
    return System.getLogger("dev.jasyncio");
  }

  private final String key;
  private final ServerSocket server;
  private final String token;
  private final Path tokenFile;
  final List<Loop> loops = new CopyOnWriteArrayList<>();
  private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);
  private volatile boolean closed;

  private TaskMonitor(String key, InetAddress host, int port) throws IOException {
    this.key = key;
    this.server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(host, port), 16);
    try {
      this.tokenFile = TokenFile.forPort(server.getLocalPort());
      this.token = TokenFile.create(server.getLocalPort());
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    Thread.ofPlatform().daemon().name("jasyncio-monitor-" + server.getLocalPort()).start(this::accept);
  }

  /**
   * The address a monitor for {@code host} may bind: a loopback address only.
   *
   * @throws IllegalArgumentException naming the address if it is not loopback, or not known
   */
  static InetAddress loopbackAddress(String host) {
    InetAddress a;
    try {
      a = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("monitor address '" + host + "' is not a known host;"
          + " the monitor serves loopback only (127.0.0.1 or ::1)", e);
    }
    if (!a.isLoopbackAddress()) {
      throw new IllegalArgumentException("monitor address '" + host + "' is not loopback: the"
          + " monitor lets whoever connects see and cancel tasks, so it serves 127.0.0.1 or ::1 only");
    }
    return a;
  }

  static void checkPort(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("monitor port " + port + " is out of range (0-65535)");
    }
  }

  /**
   * The monitor a new loop joins: the builder's address, else {@code -Djasyncio.monitor}'s, else
   * none ({@code port} < 0 and no property).
   */
  static TaskMonitor forLoop(Loop loop, String host, int port) {
    if (port >= 0) {
      return attach(loop, host, port);
    }
    String spec = System.getProperty(PROPERTY);
    if (spec == null || spec.isBlank()) {
      return null;
    }
    int colon = spec.lastIndexOf(':');
    String h = colon < 0 ? "127.0.0.1" : spec.substring(0, colon).replaceAll("^\\[|\\]$", "");
    int p;
    try {
      p = Integer.parseInt(spec.substring(colon + 1).strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + PROPERTY + "=" + spec + ": expected PORT or HOST:PORT");
    }
    checkPort(p);
    return attach(loop, h, p);
  }

  /** The monitor at {@code host:port} with {@code loop} among its loops; started if new. */
  static TaskMonitor attach(Loop loop, String host, int port) {
    InetAddress address = loopbackAddress(host);
    checkPort(port);
    String key = address.getHostAddress() + ":" + port;
    TaskMonitor m;
    synchronized (BY_ADDRESS) {
      m = BY_ADDRESS.get(key);
      if (m == null) {
        try {
          m = new TaskMonitor(key, address, port);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot start the task monitor on " + key + ": " + e.getMessage(), e);
        }
        BY_ADDRESS.put(key, m);
        log().log(System.Logger.Level.INFO, "jasyncio monitor of loop ''{0}'' on {1}:{2,number,#}; token in {3}"
            + " (connect: ./jasyncio monitor {2,number,#})", loop.name(), address.getHostAddress(),
            m.port(), m.tokenFile);
      }
      m.loops.add(loop);
    }
    return m;
  }

  /** The loop has closed: it leaves the monitor, which closes with its last loop. */
  void detach(Loop loop) {
    synchronized (BY_ADDRESS) {
      loops.remove(loop);
      if (loops.isEmpty() && BY_ADDRESS.get(key) == this) {
        BY_ADDRESS.remove(key);
        close();
      }
    }
  }

  int port() {
    return server.getLocalPort();
  }

  Path tokenFile() {
    return tokenFile;
  }

  private void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing for good
    }
    try {
      Files.deleteIfExists(tokenFile);
    } catch (IOException e) {
      log().log(System.Logger.Level.WARNING, "cannot delete the monitor's token file " + tokenFile, e);
    }
  }

  private void accept() {
    while (!closed) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        if (!closed) {
          log().log(System.Logger.Level.WARNING, "the task monitor stopped accepting", e);
        }
        return;
      }
      if (!connections.tryAcquire()) {
        reject(s, "ERR too-many-connections: the monitor serves " + MAX_CONNECTIONS + " at once");
        continue;
      }
      Thread.ofPlatform().daemon().name("jasyncio-monitor-connection").start(() -> {
        try (s) {
          serve(s);
        } catch (IOException e) {
          // the client went away
        } finally {
          connections.release();
        }
      });
    }
  }

  private static void reject(Socket s, String error) {
    try (s) {
      s.getOutputStream().write((error + "\n.\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException ignored) {
      // it went away first
    }
  }

  private void serve(Socket s) throws IOException {
    s.setSoTimeout(30 * 60 * 1000); // a forgotten session ends
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    String first = readLine(in);
    if (first == null) {
      return;
    }
    if (!first.startsWith("token ")) {
      answer(out, List.of("ERR missing-token: send 'token TOKEN' first; the token is in " + tokenFile));
      return;
    }
    byte[] given = first.substring("token ".length()).strip().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
      answer(out, List.of("ERR wrong-token: the token does not match the one in " + tokenFile));
      return;
    }
    MonitorCommands commands = new MonitorCommands(loops);
    answer(out, List.of("OK jasyncio monitor: " + loops.size() + " loop(s); type 'help'"));
    String line;
    while (!closed && (line = readLine(in)) != null) {
      String cmd = line.strip();
      if (cmd.equals("quit") || cmd.equals("exit")) {
        answer(out, List.of("OK bye"));
        return;
      }
      List<String> reply;
      try {
        reply = cmd.equals(TOO_LONG) ? List.of("ERR line-too-long: a command line has at most "
            + MAX_LINE + " characters") : commands.run(cmd);
      } catch (RuntimeException e) { // a bug here must not end the session, nor touch the loop
        reply = List.of("ERR internal: " + e);
      }
      answer(out, reply);
    }
  }

  private static final String TOO_LONG = "\0too long";

  /** One line, without its end; null at the end of input; {@link #TOO_LONG} past the limit. */
  private static String readLine(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    boolean tooLong = false;
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (bytes.size() < MAX_LINE) {
        bytes.write(c);
      } else {
        tooLong = true; // read on to the line's end, keep nothing more
      }
    }
    if (c == -1 && bytes.size() == 0) {
      return null;
    }
    if (tooLong) {
      return TOO_LONG;
    }
    String line = bytes.toString(StandardCharsets.UTF_8);
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static void answer(OutputStream out, List<String> lines) throws IOException {
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      for (String part : l.split("\n", -1)) {
        b.append(part.startsWith(".") ? "." : "").append(part).append('\n');
      }
    }
    b.append(".\n");
    out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
