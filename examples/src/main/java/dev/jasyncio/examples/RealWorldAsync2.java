package dev.jasyncio.examples;

import dev.jasyncio.Async;
import dev.jasyncio.Task;
import dev.jasyncio.http.HttpSession;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Seed 000's real_world_example_async2: an async HTTP session, then processing on the CPU pool. */
public final class RealWorldAsync2 implements Example {
  @Override
  public String name() {
    return "real_world_async2";
  }

  @Override
  public String title() {
    return "seed 000 real world: async2, HttpSession and the CPU pool";
  }

  @Override
  public String lesson() {
    return "Downloads go through one HttpSession (httpx.AsyncClient) with files written off the loop"
        + " (aiofiles), gathered; then every image is handed to Async.onCpu at once (the seed's"
        + " ProcessPoolExecutor: the JVM has no GIL, so threads on every core do what processes do in"
        + " Python). Both phases shrink: downloads to the slowest one, processing to the work divided by the cores.";
  }

  @Override
  public void run(PrintStream out) throws Exception {
    try (RealWorld world = new RealWorld(); HttpSession http = HttpSession.create()) {
      world.downloads(http, () -> {
        List<Task<Path>> downloads = new ArrayList<>();
        for (URI url : world.urls()) {
          downloads.add(Async.createTask(() -> world.download(http, url)));
        }
        Async.gather(downloads);
      });
      world.processing(() -> {
        List<Task<Void>> work = new ArrayList<>();
        for (Path file : world.downloaded()) {
          work.add(Async.createTask(() -> world.processOnCpu(file)));   // run_in_executor(pool, ...)
        }
        Async.gather(work);
      });
      world.report(out);
    }
  }
}
