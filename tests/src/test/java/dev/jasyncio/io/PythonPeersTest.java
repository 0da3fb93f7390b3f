package dev.jasyncio.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** jasyncio streams against Python's asyncio streams, both ways, on loopback. */
@Timeout(60)
class PythonPeersTest {
  static final String PYTHON = "/usr/bin/python3";

  static final String PY_SERVER = """
      import asyncio, sys
      async def handle(r, w):
          while data := await r.read(65536):
              w.write(data)
              await w.drain()
          w.close()
          await w.wait_closed()
      async def main():
          server = await asyncio.start_server(handle, '127.0.0.1', 0)
          print(server.sockets[0].getsockname()[1], flush=True)
          await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
          server.close()
      asyncio.run(main())
      """;

  static final String PY_CLIENT = """
      import asyncio, sys
      async def main(port, size):
          r, w = await asyncio.open_connection('127.0.0.1', port)
          data = bytes((i * 7) % 251 for i in range(size))
          async def send():
              w.write(data)
              await w.drain()
              w.write_eof()
          sender = asyncio.create_task(send())
          back = await r.read(-1)
          await sender
          w.close()
          await w.wait_closed()
          print('ok' if back == data else 'mismatch %d' % len(back), flush=True)
      asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
      """;

  @BeforeEach
  void needsPython() {
    Assumptions.assumeTrue(Files.isExecutable(Path.of(PYTHON)),
        PYTHON + " is missing: the real-peer tests against Python asyncio are skipped");
  }

  @Test
  void jasyncioClientAgainstAPythonAsyncioServer() {
    byte[] data = new byte[1 << 20];
    new Random(7).nextBytes(data);
    byte[] back = IoLoops.run(() -> {
      Subprocess py = Subprocess.exec(PYTHON, "-c", PY_SERVER);
      try {
        int port = Integer.parseInt(py.stdout().readlineString().trim());
        Connection c = Streams.openConnection("127.0.0.1", port);
        Task<Void> sender = Async.createTask(() -> {
          c.writer().write(data);
          c.writer().drain();
          c.writer().writeEof();
        });
        byte[] got = c.reader().read(-1);
        sender.await();
        c.writer().close();
        c.writer().waitClosed();
        py.stdin().close();
        assertThat(py.waitFor()).isZero();
        return got;
      } finally {
        py.kill();
      }
    });
    assertThat(back).isEqualTo(data);
  }

  @Test
  void pythonAsyncioClientAgainstAJasyncioServer() {
    String verdict = IoLoops.run(() -> {
      Server server = Streams.startServer(StreamsTest.ECHO, "127.0.0.1", 0);
      Subprocess.Result r = Subprocess.exec(PYTHON, "-c", PY_CLIENT,
          Integer.toString(server.port()), Integer.toString(1 << 20)).communicate(null);
      server.close();
      server.waitClosed();
      assertThat(r.exitCode()).as(new String(r.stderr(), UTF_8)).isZero();
      return new String(r.stdout(), UTF_8).trim();
    });
    assertThat(verdict).isEqualTo("ok");
  }
}
