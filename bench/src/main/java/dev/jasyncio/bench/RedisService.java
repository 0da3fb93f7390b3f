package dev.jasyncio.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import redis.clients.jedis.RedisClient;

/**
 * A local redis-server for the Redis workloads: a free loopback port, no persistence (the
 * workload measures the clients and the server's work, not the disk). When it closes it prints
 * what the server spent: its CPU time and, per command, calls and microseconds (INFO), so the
 * share of a run spent in Redis itself can be stated.
 */
final class RedisService implements Service {
  private final Process process;
  private final Path dir;
  private final int port;

  private RedisService(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  static Service start(Path home) throws Exception {
    String exe = null;
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "redis-server"))) {
        exe = Path.of(d, "redis-server").toString();
        break;
      }
    }
    if (exe == null) {
      throw new IOException("redis-server is not installed (Debian: apt-get install redis-server)");
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("bench-redis-");
    Process p = new ProcessBuilder(exe, "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no")
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    RedisService service = new RedisService(p, dir, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (RedisClient c = RedisClient.create("127.0.0.1", port)) {
        c.ping();
        return service;
      } catch (RuntimeException notYet) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          service.close();
          throw new IOException("redis-server did not start: " + Files.readString(dir.resolve("redis.log")));
        }
        Thread.sleep(20);
      }
    }
  }

  @Override
  public String address() {
    return "127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    try (RedisClient c = RedisClient.create("127.0.0.1", port)) {
      System.err.println("redis-server: " + String.join(" ", lines(c.info("cpu"), "used_cpu_sys:", "used_cpu_user:")));
      for (String l : lines(c.info("commandstats"), "cmdstat_")) {
        System.err.println("redis-server: " + l);
      }
    } catch (RuntimeException e) {
      System.err.println("redis-server: no statistics (" + e + ")");
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  private static List<String> lines(String info, String... prefixes) {
    return info.lines().filter(l -> Stream.of(prefixes).anyMatch(l::startsWith)).toList();
  }
}
