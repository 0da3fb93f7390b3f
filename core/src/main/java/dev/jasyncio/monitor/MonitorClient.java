package dev.jasyncio.monitor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The task monitor's client: {@code ./jasyncio monitor [HOST:]PORT [COMMAND...]}. With a command
 * it prints that command's answer and exits (status 1 if the answer is an error); without one it
 * prompts for commands. {@code top} at the prompt refreshes every second until Enter. The token
 * comes from {@code --token TOKEN}, {@code --token-file FILE}, or the monitor's token file for
 * the port ({@link TokenFile#forPort}).
 */
public final class MonitorClient {
  static final String USAGE = """
      usage: ./jasyncio monitor [HOST:]PORT [--token TOKEN | --token-file FILE] [COMMAND [ARGS]]
        connects to the task monitor of a loop built with .monitor(PORT) or run with
        -Djasyncio.monitor=PORT (loopback only); without a COMMAND, an interactive prompt.
        commands: ps, where ID, cancel ID [MSG], loops, resources, deadlocks, top [N], help""";

  private final BufferedReader in;
  private final OutputStream out;

  private MonitorClient(Socket socket) throws IOException {
    this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.out = socket.getOutputStream();
  }

  /**
   * Runs the client; exits with its status.
   *
   * @param args see the class comment
   */
  public static void main(String[] args) {
    System.exit(run(args, System.in, System.out, System.err));
  }

  /**
   * Runs the client with the given streams.
   *
   * @param args see the class comment
   * @param stdin where interactive commands come from
   * @param stdout where answers go
   * @param stderr where errors go
   * @return the exit status: 0, 1 if the monitor answered with an error, 2 if it could not be
   *     asked (bad arguments, no connection, a refused token)
   */
  public static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
    String target = null;
    String token = null;
    Path tokenFile = null;
    List<String> command = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (command.isEmpty() && (a.equals("--token") || a.equals("--token-file"))) {
        if (i + 1 == args.length) {
          stderr.println("jasyncio monitor: " + a + " needs a value\n" + USAGE);
          return 2;
        }
        if (a.equals("--token")) {
          token = args[++i];
        } else {
          tokenFile = Path.of(args[++i]);
        }
      } else if (command.isEmpty() && (a.equals("-h") || a.equals("--help"))) {
        stdout.println(USAGE);
        return 0;
      } else if (target == null) {
        target = a;
      } else {
        command.add(a);
      }
    }
    if (target == null) {
      stderr.println("jasyncio monitor: which monitor? give its [HOST:]PORT\n" + USAGE);
      return 2;
    }
    int colon = target.lastIndexOf(':');
    String host = colon < 0 ? "127.0.0.1" : target.substring(0, colon).replaceAll("^\\[|\\]$", "");
    int port;
    try {
      port = Integer.parseInt(target.substring(colon + 1));
    } catch (NumberFormatException e) {
      stderr.println("jasyncio monitor: '" + target + "' is not [HOST:]PORT\n" + USAGE);
      return 2;
    }
    if (token == null) {
      Path f = tokenFile != null ? tokenFile : TokenFile.forPort(port);
      try {
        token = TokenFile.read(f);
      } catch (NoSuchFileException e) {
        stderr.println("jasyncio monitor: no token file " + f + ": is a monitor running on port "
            + port + " as this user? (or pass --token)");
        return 2;
      } catch (IOException e) {
        stderr.println("jasyncio monitor: cannot read the token file " + f + ": " + e.getMessage());
        return 2;
      }
    }
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 10_000);
      MonitorClient c = new MonitorClient(s);
      c.send("token " + token);
      List<String> hello = c.answer();
      if (isError(hello)) {
        hello.forEach(stderr::println);
        return 2;
      }
      if (!command.isEmpty()) {
        List<String> reply = c.ask(String.join(" ", command));
        (isError(reply) ? stderr : stdout).println(String.join("\n", reply));
        return isError(reply) ? 1 : 0;
      }
      hello.forEach(stdout::println);
      return c.interactive(stdin, stdout);
    } catch (IOException e) {
      stderr.println("jasyncio monitor: cannot talk to " + host + ":" + port + ": " + e.getMessage());
      return 2;
    }
  }

  private int interactive(InputStream stdin, PrintStream stdout) throws IOException {
    BufferedReader user = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
    while (true) {
      stdout.print("jasyncio> ");
      stdout.flush();
      String line = user.readLine();
      if (line == null) {
        send("quit");
        return 0;
      }
      String cmd = line.strip();
      if (cmd.split("\\s+")[0].equals("top")) {
        refresh(cmd, stdin, user, stdout);
        continue;
      }
      List<String> reply = ask(cmd);
      reply.forEach(stdout::println);
      if (cmd.equals("quit") || cmd.equals("exit")) {
        return 0;
      }
    }
  }

  /** {@code top} at the prompt: redraws every second until the user presses Enter. */
  private void refresh(String cmd, InputStream stdin, BufferedReader user, PrintStream stdout) throws IOException {
    while (true) {
      List<String> reply = ask(cmd);
      stdout.print("\033[H\033[2J");
      reply.forEach(stdout::println);
      stdout.println("(refreshing every second; press Enter to stop)");
      if (isError(reply)) {
        return;
      }
      for (int i = 0; i < 10; i++) {
        if (user.ready() || stdin.available() > 0) {
          user.readLine();
          return;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static boolean isError(List<String> reply) {
    return !reply.isEmpty() && reply.get(0).startsWith("ERR ");
  }

  private List<String> ask(String command) throws IOException {
    send(command);
    return answer();
  }

  private void send(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Reads one answer: lines up to the lone dot. */
  private List<String> answer() throws IOException {
    List<String> lines = new ArrayList<>();
    String l;
    while ((l = in.readLine()) != null && !l.equals(".")) {
      lines.add(l.startsWith("..") ? l.substring(1) : l);
    }
    if (l == null && lines.isEmpty()) {
      throw new IOException("the monitor closed the connection");
    }
    return lines;
  }
}
